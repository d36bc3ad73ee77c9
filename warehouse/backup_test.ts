import assert from "node:assert/strict";
import { join } from "node:path";
import { importExports } from "../pipeline/imports/import_exports.ts";
import { EXPORT_ACCOUNT, EXPORT_EXTENDED, UTC_SETTINGS, withWarehouse } from "../tests/test_warehouse.ts";
import { backup, BackupError, EXPORTED_TABLES, exportTables, NOT_EXPORTED, restore } from "./backup.ts";
import { Warehouse } from "./duckdb.ts";

Deno.test("every table of the warehouse is exported, or left out on purpose (tokens, share links, bookkeeping)", async () => {
  await withWarehouse(async (warehouse) => {
    const tables = (await warehouse.rows<{ name: string }>(
      "select table_name as name from duckdb_tables() where schema_name = 'main' and not temporary order by 1",
    )).map((row) => row.name);
    assert.deepEqual([...EXPORTED_TABLES, ...NOT_EXPORTED].sort(), tables);
    assert.ok(!EXPORTED_TABLES.some((table) => (NOT_EXPORTED as readonly string[]).includes(table)));
  });
});

Deno.test("exportTables() writes every mart and raw table, row for row, as Parquet and CSV", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await importExports(warehouse, [EXPORT_EXTENDED, EXPORT_ACCOUNT], { user: "me", settings: UTC_SETTINGS });
    for (const format of ["parquet", "csv"] as const) {
      const written = await exportTables(warehouse, join(dir, format), { format });
      assert.deepEqual(written.map((file) => file.table), [...EXPORTED_TABLES]);
      for (const { table, file } of written) {
        const reader = format === "parquet" ? "read_parquet" : "read_csv";
        assert.equal(
          await warehouse.value(`select count(*) from ${reader}($1)`, [file]),
          await warehouse.value(`select count(*) from ${table}`),
          `${table} as ${format}`,
        );
      }
    }
    assert.equal(
      await warehouse.value("select sum(ms_played) from read_parquet($1)", [
        join(dir, "parquet", "fct_play.parquet"),
      ]),
      await warehouse.value("select sum(ms_played) from fct_play"),
    );
  });
});

Deno.test("backup() copies the warehouse consistently, restore() puts it back and keeps the replaced one", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await importExports(warehouse, [EXPORT_EXTENDED], { user: "me", settings: UTC_SETTINGS });
    const copy = join(dir, "backups", "copy.duckdb");
    await backup(warehouse, copy);
    await assert.rejects(() => backup(warehouse, copy), /Will not overwrite/);
    // The live warehouse moves on after the backup.
    await importExports(warehouse, [EXPORT_ACCOUNT], { user: "me", settings: UTC_SETTINGS });
    assert.equal(await warehouse.value("select count(*) from fct_play"), 16);

    const target = join(dir, "restored", "music.duckdb");
    await Deno.mkdir(join(dir, "restored"));
    const stale = await Warehouse.open(target);
    stale.close();
    const restored = await restore(copy, target);
    assert.deepEqual(restored, { plays: 10, keptAs: `${target}.before-restore` });
    const reopened = await Warehouse.open(target, { readOnly: true });
    try {
      assert.equal(await reopened.value("select count(*) from fct_play"), 10);
      assert.equal(await reopened.value("select count(*) from raw_spotify_extended"), 12);
    } finally {
      reopened.close();
    }
  });
});

Deno.test("restore() refuses a file that is not a backup and leaves the warehouse alone", async () => {
  await withWarehouse(async (_warehouse, dir) => {
    const notBackup = join(dir, "notes.txt");
    await Deno.writeTextFile(notBackup, "hello");
    const target = join(dir, "test.duckdb");
    const before = (await Deno.stat(target)).size;
    await assert.rejects(() => restore(notBackup, target), BackupError);
    await assert.rejects(() => restore(join(dir, "missing.duckdb"), target), /No backup at/);
    assert.equal((await Deno.stat(target)).size, before);
  });
});
