/**
 * The typed read every page and report uses: runs a statement (the text of a `.sql` file) with bound
 * parameters and maps its rows once, the same way for every query: `snake_case` columns become `camelCase`
 * properties, and surrogate keys (`key` and `*_key` columns: 60 bits, more than a JS number holds exactly)
 * become text. Anything else (turning milliseconds into `Date`s, nesting) stays with the caller.
 */
import type { Params, Warehouse } from "./duckdb.ts";

/** The rows of `sql`, mapped as described above; `T` names the properties the caller relies on. */
export async function select<T>(warehouse: Warehouse, sql: string, params?: Params): Promise<T[]> {
  const rows = await warehouse.rows(sql, params);
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]).map((column) => ({
    column,
    property: camelCase(column),
    isKey: column === "key" || column.endsWith("_key"),
  }));
  return rows.map((row) => {
    const mapped: Record<string, unknown> = {};
    for (const { column, property, isKey } of columns) {
      const value = row[column];
      mapped[property] = isKey && value !== null && value !== undefined ? String(value) : value;
    }
    return mapped as T;
  });
}

/** The first row of `sql` (see `select`), or undefined when there is none. */
export async function selectRow<T>(
  warehouse: Warehouse,
  sql: string,
  params?: Params,
): Promise<T | undefined> {
  return (await select<T>(warehouse, sql, params))[0];
}

/** `first_played_at` → `firstPlayedAt`; a name without underscores is kept as it is. */
export function camelCase(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}
