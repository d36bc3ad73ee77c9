import assert from "node:assert/strict";
import { join } from "node:path";
import { withWarehouse } from "../../tests/test_warehouse.ts";
import { exportTables } from "../backup.ts";
import { Warehouse } from "../duckdb.ts";
import { removeSetting, storedSettings, storedSettingsAt, storeSetting } from "./settings.ts";

Deno.test("storeSetting() keeps one value per key; removeSetting() forgets it", async () => {
  await withWarehouse(async (warehouse) => {
    assert.deepEqual(await storedSettings(warehouse), {});
    await storeSetting(warehouse, "TIMEZONE", "Europe/Berlin");
    await storeSetting(warehouse, "TIMEZONE", "Asia/Tokyo");
    await storeSetting(warehouse, "MIN_PLAY_MS", "10000");
    assert.deepEqual(await storedSettings(warehouse), { TIMEZONE: "Asia/Tokyo", MIN_PLAY_MS: "10000" });
    assert.equal(await removeSetting(warehouse, "TIMEZONE"), true);
    assert.equal(await removeSetting(warehouse, "TIMEZONE"), false);
    assert.deepEqual(await storedSettings(warehouse), { MIN_PLAY_MS: "10000" });
  });
});

Deno.test("storedSettingsAt() reads a file without opening it for writing: nothing without a file or table; undefined while held", async () => {
  await withWarehouse(async (warehouse, dir) => {
    assert.deepEqual(await storedSettingsAt(join(dir, "missing.duckdb")), {});
    const old = await Warehouse.open(join(dir, "old.duckdb"));
    old.close();
    assert.deepEqual(await storedSettingsAt(join(dir, "old.duckdb")), {});
    await storeSetting(warehouse, "NOTIFY_URL", "https://ntfy.example/secret-topic");
    // Another process holds the test warehouse: DuckDB refuses even a read-only open.
    const child = await new Deno.Command(Deno.execPath(), {
      args: [
        "eval",
        `
        import { storedSettingsAt } from "${new URL("./settings.ts", import.meta.url)}";
        console.log(JSON.stringify(await storedSettingsAt(${JSON.stringify(warehouse.path)}) ?? "held"));`,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(
      new TextDecoder().decode(child.stdout).trim(),
      '"held"',
      new TextDecoder().decode(child.stderr),
    );
    await warehouse.run("checkpoint");
  });
});

Deno.test("stored settings are never exported", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await storeSetting(warehouse, "NOTIFY_URL", "https://ntfy.example/secret-topic");
    await exportTables(warehouse, join(dir, "export"), { format: "csv" });
    for await (const entry of Deno.readDir(join(dir, "export"))) {
      assert.ok(!entry.name.startsWith("setting"), entry.name);
      const text = await Deno.readTextFile(join(dir, "export", entry.name));
      assert.ok(!text.includes("secret-topic"), entry.name);
    }
  });
});
