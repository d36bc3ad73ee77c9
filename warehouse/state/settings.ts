/**
 * Stored settings (`setting`): the values changed on the Settings page or with `settings set`, which config.ts
 * resolves under the environment. The one module that reads or writes the table. Secrets are kept as given
 * (already hashed where only a hash is needed) and only config resolution reads their values.
 */
import { existsSync } from "node:fs";
import { Warehouse } from "../duckdb.ts";
import { select } from "../select.ts";

/** Every stored setting's value, by key: for config.ts only (it holds secrets). */
export async function storedSettings(warehouse: Warehouse): Promise<Record<string, string>> {
  const rows = await select<{ key: string; value: string }>(warehouse, "select key, value from setting");
  return Object.fromEntries(rows.map((row) => [row.key, row.value]));
}

/** Stores `value` under `key`, replacing what was there. */
export async function storeSetting(warehouse: Warehouse, key: string, value: string): Promise<void> {
  await warehouse.run("insert or replace into setting values ($1, $2, now())", [key, value]);
}

/** Forgets the stored value of `key` (its default, or the environment's, applies again); true if there was one. */
export async function removeSetting(warehouse: Warehouse, key: string): Promise<boolean> {
  const rows = await warehouse.rows("delete from setting where key = $1 returning key", [key]);
  return rows.length > 0;
}

/**
 * The settings stored in the warehouse file at `path`, read without changing it: none when there is no file
 * yet or it predates stored settings; undefined when another process (a running `serve`) holds the file.
 */
export async function storedSettingsAt(path: string): Promise<Record<string, string> | undefined> {
  if (!existsSync(path)) return {};
  let warehouse: Warehouse;
  try {
    warehouse = await Warehouse.open(path, { readOnly: true, memoryLimit: "64MB", threads: 1 });
  } catch (error) {
    if (/another process is using it/.test((error as Error).message)) return undefined;
    throw error;
  }
  try {
    const exists = await warehouse.value<number>(
      "select count(*) from duckdb_tables() where table_name = 'setting' and schema_name = 'main'",
    );
    return exists > 0 ? await storedSettings(warehouse) : {};
  } finally {
    warehouse.close();
  }
}
