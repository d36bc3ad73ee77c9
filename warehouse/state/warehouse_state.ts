/**
 * `warehouse_state`: small facts about the warehouse itself, by key: the settings and model fingerprint the
 * marts were built with (`built_*`), what enrichment had left when it last ran (`enrich_pending`), the secret
 * share links are signed with (`share_secret`). The one module that reads or writes the table.
 */
import type { Warehouse } from "../duckdb.ts";

export async function readState(warehouse: Warehouse, key: string): Promise<string | undefined> {
  return await warehouse.value<string | undefined>("select value from warehouse_state where key = $1", [
    key,
  ]) ??
    undefined;
}

/** Every key starting with `prefix`, with its value. */
export async function readStates(warehouse: Warehouse, prefix: string): Promise<Map<string, string>> {
  const rows = await warehouse.rows<{ key: string; value: string }>(
    "select key, value from warehouse_state where starts_with(key, $1)",
    [prefix],
  );
  return new Map(rows.map((row) => [row.key, row.value]));
}

export async function writeState(warehouse: Warehouse, key: string, value: string): Promise<void> {
  await warehouse.run("insert or replace into warehouse_state (key, value) values ($1, $2)", [key, value]);
}

/** Stores `value` under `key` unless the key has one already; returns the value stored. */
export async function writeStateOnce(warehouse: Warehouse, key: string, value: string): Promise<string> {
  await warehouse.run("insert into warehouse_state values ($1, $2) on conflict (key) do nothing", [
    key,
    value,
  ]);
  return (await readState(warehouse, key))!;
}
