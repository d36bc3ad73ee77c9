import assert from "node:assert/strict";
import { join } from "node:path";
import { importPlays, UTC_SETTINGS } from "../tests/test_warehouse.ts";
import { type OpenOptions, OutOfMemory, Warehouse } from "./duckdb.ts";
import { ListenerViews } from "./listener_views.ts";
import { openWarehouse } from "./migrate.ts";

/** The connection each of `count` reads started together ran on, and what it read. */
async function readTogether(warehouse: Warehouse, count: number, sql = "select 1 as x") {
  return await Promise.all(
    Array.from(
      { length: count },
      () =>
        warehouse.rows<{ id: number; x: unknown }>(`select current_connection_id() as id, x from (${sql})`),
    ),
  ).then((results) => results.map(([row]) => row));
}

async function withFile(fn: (path: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-test-" });
  try {
    await fn(join(dir, "w.duckdb"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** `fn` on a new warehouse file opened with `options`, closed after. */
async function withOpen(options: OpenOptions, fn: (warehouse: Warehouse) => Promise<void>): Promise<void> {
  await withFile(async (path) => {
    const warehouse = await Warehouse.open(path, options);
    try {
      await fn(warehouse);
    } finally {
      warehouse.close();
    }
  });
}

Deno.test("reads started together spread over no more connections than allowed; one by one they stay on one", async () => {
  await withOpen({ readConnections: 3 }, async (warehouse) => {
    const together = await readTogether(warehouse, 9);
    assert.equal(new Set(together.map((row) => row.id)).size, 3);
    // Reads one after another never need another connection: they see this connection's temp tables.
    await warehouse.run("create temp table mine as select 7 as x");
    const ids = new Set<number>();
    for (let i = 0; i < 5; i++) {
      const [row] = await readTogether(warehouse, 1, "select x from mine");
      assert.equal(row.x, 7);
      ids.add(row.id);
    }
    assert.equal(ids.size, 1);
  });
  // The default: one connection, whatever starts together.
  await withOpen({}, async (single) => {
    assert.equal(new Set((await readTogether(single, 6)).map((row) => row.id)).size, 1);
  });
});

Deno.test("every connection reads sees what setup() ran, made before or after it", async () => {
  await withOpen({ readConnections: 2 }, async (warehouse) => {
    await warehouse.setup("create temp view answer as select 42 as x");
    const first = await readTogether(warehouse, 4, "select x from answer");
    assert.deepEqual(first.map((row) => row.x), [42, 42, 42, 42]);
    assert.equal(new Set(first.map((row) => row.id)).size, 2);
    // A view set up after the spare connection was made reaches it too.
    await warehouse.setup("create or replace temp view answer as select 43 as x");
    assert.deepEqual((await readTogether(warehouse, 4, "select x from answer")).map((row) => row.x), [
      43,
      43,
      43,
      43,
    ]);
  });
});

Deno.test("inside a transaction every read runs in it, started together or not", async () => {
  await withOpen({ readConnections: 2 }, async (warehouse) => {
    await warehouse.run("create table t (x integer)");
    await assert.rejects(
      warehouse.transaction(async () => {
        await warehouse.run("insert into t values (1), (2)");
        const counts = await readTogether(warehouse, 4, "select count(*) as x from t");
        // All four see the two rows not yet committed: none ran on another connection.
        assert.deepEqual(counts.map((row) => row.x), [2, 2, 2, 2]);
        assert.equal(new Set(counts.map((row) => row.id)).size, 1);
        throw new Error("roll it back");
      }),
      /roll it back/,
    );
    // Rolled back, on every connection; and outside the transaction reads spread again.
    const after = await readTogether(warehouse, 4, "select count(*) as x from t");
    assert.deepEqual(after.map((row) => row.x), [0, 0, 0, 0]);
    assert.equal(new Set(after.map((row) => row.id)).size, 2);
  });
});

Deno.test("a listener's view spreads its reads too, and every connection shows only that listener", async () => {
  await withFile(async (path) => {
    const base = await openWarehouse(path, UTC_SETTINGS, { readConnections: 2 });
    const views = new ListenerViews();
    try {
      const dir = join(path, "..");
      const play = (ts: string, track: string) => ({ ts, track, artist: "X", ms: 200_000 });
      await importPlays(base, dir, [play("2024-01-01T10:00:00Z", "A")], { user: "ana" });
      await importPlays(base, dir, [play("2024-01-01T11:00:00Z", "B"), play("2024-01-02T11:00:00Z", "C")], {
        user: "ben",
      });
      const ana = (await views.get(base, "ana"))!;
      const counts = await readTogether(ana, 6, "select count(*) as x from fct_play");
      assert.deepEqual(counts.map((row) => row.x), [1, 1, 1, 1, 1, 1]);
      assert.equal(new Set(counts.map((row) => row.id)).size, 2);
      assert.deepEqual(
        (await readTogether(base, 4, "select count(*) as x from fct_play")).map((row) => row.x),
        [3, 3, 3, 3],
      );
    } finally {
      views.close();
      base.close();
    }
  });
});

Deno.test("running out of memory in a transaction names the limit and the setting to raise, and rolls back", async () => {
  await withOpen({ memoryLimit: "20MB" }, async (warehouse) => {
    await warehouse.run("create table t (x integer)");
    const error = await warehouse.transaction(async () => {
      await warehouse.run("insert into t values (1)");
      // ~100 MB in one string: nothing DuckDB could spill to disk
      await warehouse.run(
        "create temp table big as select string_agg(repeat('x', 100), '') as s from range(1000000)",
      );
    }).then(() => undefined, (error) => error);
    assert.ok(error instanceof OutOfMemory, String(error));
    assert.match(
      error.message,
      /^This needs more memory than DUCKDB_MEMORY_LIMIT allows \(19\.\d MiB\): raise/,
    );
    assert.equal(await warehouse.value("select count(*) from t"), 0);
  });
});

Deno.test("giving memory back waits for the reads in flight and holds new ones: none runs under the 1MB limit", async () => {
  await withOpen({ memoryLimit: "64MB", readConnections: 2 }, async (warehouse) => {
    // Pages read on the warehouse's connections, jobs on sessions: the limit is the database's, for all of them.
    const sessions = [await warehouse.session(), await warehouse.session()];
    const done: string[] = [];
    const track = <T>(name: string, promise: Promise<T>) => promise.then((value) => (done.push(name), value));
    // A hash of 300,000 groups: a few MB, far over 1MB, for about 100 ms.
    const read = (name: string, on: Warehouse) =>
      track(
        name,
        on.value<number>(
          "select count(*) from (select i % 300000 as g, count(*) from range(600000) t(i) group by g)",
        ),
      );
    const limit = () => warehouse.value<string>("select current_setting('memory_limit')");
    try {
      const inFlight = [read("job 1", sessions[0]), read("job 2", sessions[1])];
      const trimmed = track("trim", warehouse.giveMemoryBack("48MB"));
      const held = [read("page", warehouse), read("job 3", sessions[0]), limit()];
      assert.deepEqual(await Promise.all([...inFlight, trimmed, ...held]), [
        300_000,
        300_000,
        true,
        300_000,
        300_000,
        "45.7 MiB", // read after it, under the limit it set
      ]);
      // The reads in flight ended before it, those made meanwhile after it (each pair in either order).
      assert.deepEqual(new Set(done.slice(0, 2)), new Set(["job 1", "job 2"]));
      assert.equal(done[2], "trim");
      assert.deepEqual(new Set(done.slice(3)), new Set(["page", "job 3"]));
      // lowerResources goes alone too, and sets the threads of every connection.
      done.length = 0;
      await Promise.all([
        read("job 1", sessions[0]),
        track("lower", warehouse.lowerResources({ memoryLimit: "32MB", threads: 1 })),
        read("page", warehouse),
      ]);
      assert.deepEqual(done, ["job 1", "lower", "page"]);
      assert.equal(await limit(), "30.5 MiB");
      assert.equal(await sessions[0].value("select current_setting('threads')"), 1);
      await assert.rejects(
        warehouse.setResources({ memoryLimit: "32MB", threads: 0 }),
        /Not a number of threads: 0/,
      );
      // A job that begins while the trim waits for a read keeps its limit: `unless` is asked once none is in flight.
      let busy = false;
      const reading = read("page", warehouse);
      const skipped = warehouse.giveMemoryBack("16MB", { unless: () => busy });
      busy = true;
      assert.deepEqual(await Promise.all([reading, skipped]), [300_000, false]);
      assert.equal(await limit(), "30.5 MiB");
      busy = false;
      assert.equal(await warehouse.giveMemoryBack("16MB", { unless: () => busy }), true);
      assert.equal(await limit(), "15.2 MiB");
    } finally {
      for (const session of sessions) session.close();
    }
  });
});
