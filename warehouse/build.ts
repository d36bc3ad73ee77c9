/**
 * Builds the marts from the raw tables: staging, intermediate and mart models run in the order below, each a
 * plain `select` in `sql/`; then every data test in `sql/tests` must return no rows. Staging and intermediate
 * models live only in the building connection (writing them to the file tripled the build time): staging as
 * views, computed once by int_play_rows, the one wide copy of the plays; only the marts are stored, and only they
 * are read by the web layer and users.
 */
import type { Warehouse } from "./duckdb.ts";
import { listSql, readSql } from "./sql_files.ts";

/** How a model is kept; "statement" runs the file as it is (it changes the model before it). */
type Materialization = "temp table" | "temp view" | "table" | "statement";

/** Run order and how each model is kept. A model may read only raw tables and the models before it. */
export const MODELS: readonly { path: string; materialized: Materialization }[] = [
  { path: "staging/stg_spotify__names", materialized: "temp table" },
  { path: "staging/stg_spotify__extended_plays", materialized: "temp view" },
  { path: "staging/stg_spotify__account_plays", materialized: "temp view" },
  { path: "intermediate/int_play_rows", materialized: "temp table" },
  { path: "intermediate/int_play_rows__set_aside", materialized: "statement" },
  { path: "marts/dim_user", materialized: "table" },
  { path: "marts/dim_artist", materialized: "table" },
  { path: "marts/dim_album", materialized: "table" },
  { path: "marts/dim_track", materialized: "table" },
  { path: "marts/dim_episode", materialized: "table" },
  { path: "marts/fct_play", materialized: "table" },
  { path: "marts/dim_date", materialized: "table" },
  { path: "marts/dim_time", materialized: "table" },
];

export interface BuildSettings {
  /** IANA time zone for local dates and hours. */
  timezone: string;
  /** A play counts when ms_played reaches this. */
  minPlayMs: number;
}

export interface DataTestFailure {
  test: string;
  rowCount: number;
  /** Up to five offending rows. */
  sample: Record<string, unknown>[];
}

export class DataTestError extends Error {
  readonly failures: DataTestFailure[];
  constructor(failures: DataTestFailure[]) {
    super(
      "Data tests failed:\n" +
        failures.map((failure) =>
          `  ${failure.test}: ${failure.rowCount} offending row(s), e.g. ${
            JSON.stringify(failure.sample, (_key, value) => typeof value === "bigint" ? String(value) : value)
          }`
        ).join("\n"),
    );
    this.failures = failures;
  }
}

/**
 * Rebuilds every model and runs the data tests. Call it inside a transaction: a failing test throws
 * `DataTestError`, and the caller's rollback keeps the previous marts.
 */
export async function buildMarts(warehouse: Warehouse, settings: BuildSettings): Promise<void> {
  await warehouse.run("set variable timezone = $1", [settings.timezone]);
  await warehouse.run("set variable min_play_ms = $1", [settings.minPlayMs]);
  await ensurePendingRaw(warehouse);
  for (const model of MODELS) {
    const name = model.path.split("/").pop();
    const sql = await readSql(`${model.path}.sql`);
    await warehouse.run(
      model.materialized === "statement" ? sql : `create or replace ${model.materialized} ${name} as ${sql}`,
    );
  }
  const built = [["timezone", settings.timezone], ["min_play_ms", String(settings.minPlayMs)]];
  for (const [key, value] of built) {
    await warehouse.run(
      "insert or replace into warehouse_state (key, value) values ($1, $2)",
      [`built_${key}`, value],
    );
  }
  const failures = await runDataTests(warehouse);
  if (failures.length > 0) throw new DataTestError(failures);
}

/**
 * Staging reads raw rows plus `pending_raw_spotify_*`: during an import, views of the rows it is about to land;
 * otherwise empty tables, created here.
 */
async function ensurePendingRaw(warehouse: Warehouse): Promise<void> {
  for (const source of ["extended", "account"]) {
    const [exists] = await warehouse.rows(
      "select 1 from duckdb_views() where view_name = $1 union all select 1 from duckdb_tables() where table_name = $1",
      [`pending_raw_spotify_${source}`],
    );
    if (!exists) {
      await warehouse.run(
        `create temp table pending_raw_spotify_${source} as select * from raw_spotify_${source} limit 0`,
      );
    }
  }
}

/** Runs every `sql/tests/*.sql` and returns the ones that found offending rows. */
export async function runDataTests(warehouse: Warehouse): Promise<DataTestFailure[]> {
  const failures: DataTestFailure[] = [];
  for (const file of await listSql("tests")) {
    const select = await readSql(file);
    const rowCount = await warehouse.value<number>(`select count(*) from (${select})`);
    if (rowCount > 0) {
      const sample = await warehouse.rows(`select * from (${select}) limit 5`);
      failures.push({ test: file.replace(/^tests\//, "").replace(/\.sql$/, ""), rowCount, sample });
    }
  }
  return failures;
}

/** True when the marts exist and were built with these settings. */
export async function martsAreCurrent(warehouse: Warehouse, settings: BuildSettings): Promise<boolean> {
  const state = await warehouse.rows<{ key: string; value: string }>(
    "select key, value from warehouse_state where key like 'built_%'",
  );
  const built = new Map(state.map((row) => [row.key, row.value]));
  return built.get("built_timezone") === settings.timezone &&
    built.get("built_min_play_ms") === String(settings.minPlayMs);
}
