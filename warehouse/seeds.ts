/**
 * Seeds: small reference tables the project ships as CSV in `sql/seeds/` (countries, the genre roll-up rules).
 * They are read with Deno, not DuckDB's read_csv, because a compiled binary embeds `sql/` where only Deno can
 * read it; each build loads them into temp tables `seed_<name>`, all columns varchar.
 */
import type { Warehouse } from "./duckdb.ts";
import { readSql } from "./sql_files.ts";

export const SEEDS = ["countries", "genre_parents"] as const;

export async function loadSeeds(warehouse: Warehouse): Promise<void> {
  for (const name of SEEDS) {
    const [header, ...rows] = parseCsv(await readSql(`seeds/${name}.csv`));
    const records = rows.map((row) =>
      Object.fromEntries(header.map((column, i) => [column, row[i] ?? null]))
    );
    const columns = header.map((column) => `"${column}": "VARCHAR"`).join(", ");
    // The column names come from our own CSV headers; the values are bound.
    await warehouse.run(
      `create or replace temp table seed_${name} as
       select unnest(from_json($1::json, '[{${columns}}]'), recursive := true)`,
      [JSON.stringify(records)],
    );
  }
}

/** RFC 4180 CSV: fields may be quoted, with "" for a quote inside. Blank lines are skipped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      if (row.length > 1 || row[0] !== "") rows.push(row);
      row = [];
      field = "";
    } else field += char;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}
