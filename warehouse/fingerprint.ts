/**
 * A content hash of every table in a warehouse, for "nothing changed" checks: a restructuring that must leave
 * the marts as they were, an undo that must restore exactly what was there, a failed write that must leave
 * nothing behind. Row order does not matter; every value does.
 */
import type { Warehouse } from "./duckdb.ts";

export interface FingerprintOptions {
  /** Columns left out wherever they occur (e.g. `started_at`: when a load ran, not what it holds). */
  ignoreColumns?: string[];
  /** Tables left out. */
  ignoreTables?: string[];
}

/** Each stored table of the main schema, by name: its row count and a hash of its rows. */
export async function tableFingerprints(
  warehouse: Warehouse,
  { ignoreColumns = [], ignoreTables = [] }: FingerprintOptions = {},
): Promise<Record<string, string>> {
  const columns = await warehouse.rows<{ table_name: string; names: string[] }>(
    `select table_name, list(column_name order by column_index) as names from duckdb_columns()
     where schema_name = 'main' and not internal and database_name = current_database()
        and table_name in (select table_name from duckdb_tables() where schema_name = 'main' and not temporary)
     group by table_name order by table_name`,
  );
  const out: Record<string, string> = {};
  for (const { table_name: table, names } of columns) {
    if (ignoreTables.includes(table)) continue;
    const kept = names.filter((name) => !ignoreColumns.includes(name));
    // Identifiers come from the catalog, quoted; no value is ever put into the statement.
    const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
    const row = `row(${kept.map(quote).join(", ")})::varchar`;
    const [result] = await warehouse.rows<{ rows: number; hash: string | null }>(
      `select count(*) as rows, md5(string_agg(h, '' order by h)) as hash
       from (select md5(${row}) as h from ${quote(table)})`,
    );
    out[table] = `${result.rows}:${result.hash ?? ""}`;
  }
  return out;
}

/** One hash of every table's fingerprint. */
export async function warehouseFingerprint(
  warehouse: Warehouse,
  options: FingerprintOptions = {},
): Promise<string> {
  const tables = await tableFingerprints(warehouse, options);
  const text = Object.entries(tables).map(([table, hash]) => `${table}=${hash}`).join("\n");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
