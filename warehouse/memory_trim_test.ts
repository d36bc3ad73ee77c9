import assert from "node:assert/strict";
import { Logger } from "../log.ts";
import { heldInMemory, withWarehouse } from "../tests/test_warehouse.ts";
import { memoryTrim } from "./memory_trim.ts";

const quiet = new Logger({ level: "error", write: () => {} });

Deno.test("memoryTrim: a quiet server checkpoints what was written and gives back DuckDB's blocks; never beside a job", async () => {
  await withWarehouse(async (warehouse) => {
    const memory = async () =>
      new Map(
        (await warehouse.rows<{ tag: string; bytes: number }>(
          "select tag, memory_usage_bytes as bytes from duckdb_memory() where memory_usage_bytes > 0",
        )).map(({ tag, bytes }) => [tag, bytes]),
      );
    // Written (100,000 rows, under one row group: kept in memory until a checkpoint) and read (cached blocks).
    await warehouse.inSession((session) =>
      session.run("create table written as select range as n, repeat('x', 50) as text from range(100000)")
    );
    await warehouse.run("create table read as select range as n from range(1000000)");
    await warehouse.run("checkpoint");
    await warehouse.inSession((session) => session.run("insert into written values (-1, 'y')"));
    assert.equal(await warehouse.value<number>("select sum(n) from read"), 499_999_500_000);
    const before = await memory();
    assert.ok((before.get("IN_MEMORY_TABLE") ?? 0) > 0, JSON.stringify([...before]));

    let busy = true;
    let ran = 0;
    const trim = memoryTrim(() => (ran++, Promise.resolve({ warehouse })), {
      quiet: 20,
      idleLimit: "64MB",
      busy: () => busy,
      logger: quiet,
    });
    try {
      trim.touch();
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(ran, 0, "not while a job runs");
      busy = false;
      // Done once the idle limit is back (its last step); up to 10 s on a busy machine.
      const limit = () => warehouse.value<string>("select current_setting('memory_limit')");
      for (let wait = 0; wait < 200 && await limit() !== "61.0 MiB"; wait++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal(ran, 1);
    } finally {
      trim.stop();
    }
    const after = await memory();
    assert.equal(await heldInMemory(warehouse), 0, JSON.stringify([...after]));
    assert.ok((after.get("BASE_TABLE") ?? 0) < 1_000_000, JSON.stringify([...after]));
    assert.equal(await warehouse.value<string>("select current_setting('memory_limit')"), "61.0 MiB");
    assert.equal(await warehouse.value<number>("select count(*) from written"), 100_001);
  });
});
