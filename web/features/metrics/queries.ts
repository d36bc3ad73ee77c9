/** What /metrics reads from the warehouse: plays by source and listener, and DuckDB's memory in use. */
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { select } from "../../../warehouse/select.ts";
import playsSql from "./plays.sql" with { type: "text" };

export async function playsBySource(
  warehouse: Warehouse,
): Promise<{ source: string; listener: string; plays: number }[]> {
  return await select(warehouse, playsSql);
}

/** Bytes DuckDB holds in memory (its buffer manager: every connection of the database). */
export async function duckdbMemoryBytes(warehouse: Warehouse): Promise<number> {
  return Number(await warehouse.value("select coalesce(sum(memory_usage_bytes), 0) from duckdb_memory()"));
}
