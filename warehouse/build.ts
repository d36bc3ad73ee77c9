/**
 * Builds the marts from the raw tables: staging, intermediate and mart models run in the order below, each a
 * plain `select` in `sql/` or a patch (see Materialization); then every data test in `sql/tests` must return no
 * rows. Staging and intermediate models live only in the building connection (writing them to the file tripled
 * the build time): staging as views, computed once by int_play_rows, the one wide copy of the plays; only the
 * marts are stored, and only they are read by the web layer and users.
 */
import type { Warehouse } from "./duckdb.ts";
import { loadSeeds, SEEDS } from "./seeds.ts";
import { listSql, readSql } from "./sql_files.ts";
import { readStates, writeState } from "./state/warehouse_state.ts";
import { UserError } from "../lib/errors.ts";

/**
 * How a model is kept. The rule for model files: a model is a `select`, and its file is named for the table or
 * view it makes (`create or replace <materialized> <name> as <select>`). The one exception is a patch,
 * `patch_<table>__<what>.sql`: a statement (update, insert or merge) that changes in place <table>, made by a
 * model before it in these lists; materialized "patch", it runs as it is (build_test.ts checks both). Patches
 * change a few rows where a rebuilt copy of the whole table would cost far more: the plays set aside, the credited
 * artists added, the enrichment columns filled. The enrichment patches also run alone after each enrichment batch
 * (refreshEnrichment), on dimensions that only a full build rebuilds and appendPlays (append.ts) appends to after each
 * Spotify poll or received listen: as plain selects they would have to rebuild those dimensions from plays that
 * are not at hand.
 */
export type Materialization = "temp table" | "temp view" | "table" | "patch";

/**
 * The play rows: every source row staged, judged and set aside where it is not a play of its own
 * (int_play_rows). An import reads them for its report; the marts are built from them.
 */
const PLAY_ROW_MODELS: readonly { path: string; materialized: Materialization }[] = [
  { path: "staging/stg_spotify__names", materialized: "temp table" },
  { path: "staging/stg_spotify__extended_plays", materialized: "temp view" },
  { path: "staging/stg_spotify__account_plays", materialized: "temp view" },
  { path: "staging/stg_lastfm__scrobbles", materialized: "temp view" },
  { path: "staging/stg_listenbrainz__listens", materialized: "temp view" },
  { path: "staging/stg_spotify__api_plays", materialized: "temp view" },
  { path: "staging/stg_submitted__listens", materialized: "temp view" },
  { path: "staging/stg_spotify__currently_playing", materialized: "temp view" },
  { path: "intermediate/int_api_play_rows", materialized: "temp view" },
  { path: "intermediate/int_submitted_play_rows", materialized: "temp view" },
  { path: "intermediate/int_realtime_play_rows", materialized: "temp view" },
  { path: "intermediate/int_play_rows__columns", materialized: "temp view" },
  { path: "intermediate/int_play_rows", materialized: "temp table" },
  { path: "intermediate/patch_int_play_rows__set_aside", materialized: "patch" },
];

/** The listening sessions (SESSION_GAP_MINUTES), made from agg_play_run: a new gap remakes this table alone. */
const SESSION_MODEL = { path: "marts/agg_session", materialized: "table" } as const;

/**
 * Sums of fct_play the pages read instead of every play (per listener and day, hour, item, year). A full build
 * makes them after fct_play; appendPlays brings the rows that new plays touch up to date with the same selects.
 */
const AGGREGATE_MODELS: readonly { path: string; materialized: Materialization }[] = [
  { path: "marts/agg_play_hour", materialized: "table" },
  { path: "marts/agg_play_label", materialized: "table" },
  { path: "marts/agg_item", materialized: "table" },
  { path: "marts/agg_listener_year", materialized: "table" },
  { path: "marts/agg_play_run", materialized: "table" },
  SESSION_MODEL,
];

/** The aggregate marts by name: sums of fct_play per listener, which a listener's view narrows as fct_play. */
export const AGGREGATE_TABLES: readonly string[] = AGGREGATE_MODELS.map((model) =>
  model.path.split("/").pop()!
);

/**
 * The listener's rules (the `rule` table) made ready for the models: merges resolved through chains, the names
 * renames set, the exclusions. They read no plays, so every path that makes marts (a build, appendPlays, an
 * enrichment or library refresh) can run them first.
 */
export const RULE_MODELS: readonly { path: string; materialized: Materialization }[] = [
  { path: "intermediate/int_rule_merges", materialized: "temp table" },
  { path: "intermediate/int_rule_names", materialized: "temp table" },
  { path: "intermediate/int_rule_exclusions", materialized: "temp table" },
];

/** The plays with the rules applied (merged keys, and the plays left out), which the mart models read. */
export const RULED_PLAY_MODELS: readonly { path: string; materialized: Materialization }[] = [
  { path: "intermediate/int_rule_splits", materialized: "temp table" },
  { path: "intermediate/int_ruled_plays", materialized: "temp view" },
  { path: "intermediate/int_excluded_plays", materialized: "temp table" },
];

/** Run order and how each model is kept. A model may read only raw tables and the models before it. */
export const MODELS: readonly { path: string; materialized: Materialization }[] = [
  ...PLAY_ROW_MODELS,
  ...RULE_MODELS,
  ...RULED_PLAY_MODELS,
  { path: "marts/dim_user", materialized: "table" },
  { path: "marts/dim_artist", materialized: "table" },
  { path: "marts/dim_album", materialized: "table" },
  { path: "marts/dim_track", materialized: "table" },
  { path: "marts/dim_episode", materialized: "table" },
  { path: "marts/fct_play", materialized: "table" },
  { path: "marts/dim_date", materialized: "table" },
  { path: "marts/dim_time", materialized: "table" },
  ...AGGREGATE_MODELS,
];

/**
 * The enrichment models: Spotify's and MusicBrainz's cached answers (raw_spotify_item, raw_musicbrainz) joined
 * onto the dimensions above, plus genres and locations. They run at the end of every build, and alone after each
 * batch of an enrichment run (refreshEnrichment), so new genres and origins show while enrichment goes on.
 */
export const ENRICHMENT_MODELS: readonly { path: string; materialized: Materialization }[] = [
  { path: "intermediate/int_rule_merges", materialized: "temp table" },
  { path: "intermediate/int_rule_names", materialized: "temp table" },
  { path: "staging/stg_spotify__tracks", materialized: "temp view" },
  { path: "staging/stg_spotify__track_artists", materialized: "temp view" },
  { path: "staging/stg_spotify__albums", materialized: "temp view" },
  { path: "staging/stg_spotify__artists", materialized: "temp view" },
  { path: "staging/stg_musicbrainz__artists", materialized: "temp view" },
  { path: "staging/stg_musicbrainz__artist_genres", materialized: "temp view" },
  { path: "staging/stg_musicbrainz__areas", materialized: "temp view" },
  { path: "intermediate/int_area_countries", materialized: "temp table" },
  { path: "intermediate/int_track_enrichment", materialized: "temp table" },
  { path: "marts/patch_dim_artist__credited", materialized: "patch" },
  { path: "intermediate/int_artist_spotify_ids", materialized: "temp table" },
  { path: "intermediate/int_album_enrichment", materialized: "temp table" },
  { path: "intermediate/int_artist_enrichment", materialized: "temp table" },
  { path: "marts/dim_location", materialized: "table" },
  { path: "marts/dim_genre", materialized: "table" },
  { path: "marts/bridge_artist_genre", materialized: "table" },
  { path: "marts/bridge_track_artist", materialized: "table" },
  { path: "marts/patch_dim_artist__enrichment", materialized: "patch" },
  { path: "marts/patch_dim_track__enrichment", materialized: "patch" },
  { path: "marts/patch_dim_album__enrichment", materialized: "patch" },
];

/**
 * The library models: the daily snapshots of liked songs, followed artists and own playlists, matched to the
 * played tracks and artists above. They run at the end of every build, and alone after each snapshot
 * (refreshLibrary).
 */
export const LIBRARY_MODELS: readonly { path: string; materialized: Materialization }[] = [
  { path: "intermediate/int_rule_merges", materialized: "temp table" },
  { path: "staging/stg_spotify__library_items", materialized: "temp view" },
  { path: "marts/dim_playlist", materialized: "table" },
  { path: "marts/fct_library_item", materialized: "table" },
  { path: "marts/bridge_library_track", materialized: "table" },
];

export interface BuildSettings {
  /** IANA time zone for local dates and hours. */
  timezone: string;
  /** A play counts when ms_played reaches this. */
  minPlayMs: number;
  /** A silence longer than this, in minutes, ends a listening session (agg_session). */
  sessionGapMinutes: number;
}

export interface DataTestFailure {
  test: string;
  rowCount: number;
  /** Up to five offending rows. */
  sample: Record<string, unknown>[];
}

export class DataTestError extends UserError {
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
  await buildPlayRows(warehouse, settings);
  await runModels(warehouse, MODELS.slice(PLAY_ROW_MODELS.length));
  await loadSeeds(warehouse);
  await runModels(warehouse, ENRICHMENT_MODELS);
  await runModels(warehouse, LIBRARY_MODELS);
  for (const [key, value] of Object.entries(builtWith(settings))) await writeState(warehouse, key, value);
  await writeState(warehouse, "built_models", await modelsFingerprint());
  const failures = await runDataTests(warehouse);
  if (failures.length > 0) throw new DataTestError(failures);
}

/** The settings a build keeps beside the marts (warehouse_state), to know later whether they still hold. */
function builtWith(settings: BuildSettings): Record<string, string> {
  return {
    built_timezone: settings.timezone,
    built_min_play_ms: String(settings.minPlayMs),
    built_session_gap_minutes: String(settings.sessionGapMinutes),
  };
}

/** The SQL variables the models read with getvariable(), set on the connection that runs them. */
export async function setBuildVariables(warehouse: Warehouse, settings: BuildSettings): Promise<void> {
  await warehouse.run("set variable timezone = $1", [settings.timezone]);
  await warehouse.run("set variable min_play_ms = $1", [settings.minPlayMs]);
  await warehouse.run("set variable session_gap_minutes = $1", [settings.sessionGapMinutes]);
}

/**
 * What of the marts these settings and models would make differently: nothing, only the sessions (a new
 * SESSION_GAP_MINUTES: agg_session is remade from agg_play_run in ~0.1 s at 350k plays), or everything.
 */
export async function staleMarts(
  warehouse: Warehouse,
  settings: BuildSettings,
): Promise<"none" | "sessions" | "all"> {
  const built = await readStates(warehouse, "built_");
  if (built.get("built_models") !== await modelsFingerprint()) return "all";
  const differ = Object.entries(builtWith(settings)).filter(([key, value]) => built.get(key) !== value)
    .map(([key]) => key);
  if (differ.length === 0) return "none";
  return differ.every((key) => key === "built_session_gap_minutes") ? "sessions" : "all";
}

/** True when the marts exist and were built with these settings and these models. */
export async function martsAreCurrent(warehouse: Warehouse, settings: BuildSettings): Promise<boolean> {
  return await staleMarts(warehouse, settings) === "none";
}

/**
 * Brings the marts in line with these settings and models, doing only what is stale (see staleMarts), and
 * runs the data tests; true when something was made again. Call it inside a transaction.
 */
export async function updateMarts(warehouse: Warehouse, settings: BuildSettings): Promise<boolean> {
  switch (await staleMarts(warehouse, settings)) {
    case "none":
      return false;
    case "all":
      await buildMarts(warehouse, settings);
      return true;
    case "sessions": {
      await setBuildVariables(warehouse, settings);
      await runModels(warehouse, [SESSION_MODEL]);
      await writeState(warehouse, "built_session_gap_minutes", String(settings.sessionGapMinutes));
      const failures = await runDataTests(warehouse);
      if (failures.length > 0) throw new DataTestError(failures);
      return true;
    }
  }
}

/**
 * Builds int_play_rows alone (every row staged and judged, as a full build starts), without touching a mart:
 * an import that adds nothing reports on it.
 */
export async function buildPlayRows(warehouse: Warehouse, settings: BuildSettings): Promise<void> {
  await setBuildVariables(warehouse, settings);
  await runModels(warehouse, PLAY_ROW_MODELS);
}

/**
 * Brings the enrichment marts up to date with the cached Spotify and MusicBrainz answers, without rebuilding the
 * plays, and runs the data tests. Call it inside a transaction.
 */
export async function refreshEnrichment(warehouse: Warehouse): Promise<void> {
  await loadSeeds(warehouse);
  await runModels(warehouse, ENRICHMENT_MODELS);
  const failures = await runDataTests(warehouse);
  if (failures.length > 0) throw new DataTestError(failures);
}

/** Brings the library marts up to date with the snapshot tables, and runs the data tests. Call it in a transaction. */
export async function refreshLibrary(warehouse: Warehouse): Promise<void> {
  await runModels(warehouse, LIBRARY_MODELS);
  const failures = await runDataTests(warehouse);
  if (failures.length > 0) throw new DataTestError(failures);
}

/** Runs models in order on `warehouse`, each made as its materialization says. */
export async function runModels(
  warehouse: Warehouse,
  models: readonly { path: string; materialized: Materialization }[],
): Promise<void> {
  for (const model of models) {
    const name = model.path.split("/").pop();
    const sql = await readSql(`${model.path}.sql`);
    await warehouse.run(
      model.materialized === "patch" ? sql : `create or replace ${model.materialized} ${name} as ${sql}`,
    );
  }
}

/** A hash of every model and seed: when an upgrade changes one, the marts are rebuilt on the next start. */
async function modelsFingerprint(): Promise<string> {
  const files = [...MODELS, ...ENRICHMENT_MODELS, ...LIBRARY_MODELS].map((model) => `${model.path}.sql`)
    .concat(SEEDS.map((seed) => `seeds/${seed}.csv`));
  const text = (await Promise.all(files.map(async (file) => `${file}\n${await readSql(file)}`))).join("\n");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The raw table each imported source lands in (the import's temp tables are `import_<source>`). */
export const RAW_PLAY_TABLES = {
  extended: "raw_spotify_extended",
  account: "raw_spotify_account",
  lastfm: "raw_lastfm_scrobble",
  listenbrainz: "raw_listenbrainz_listen",
} as const;

export type ImportSource = keyof typeof RAW_PLAY_TABLES;

/** What an append narrows the data tests to (the marts passed every test before it): see runDataTests. */
export interface AddedPlays {
  /** The table of the plays it added, their rows as in fct_play (the stand-ins name it too). */
  table: string;
  /** The tests that judge each play on its own: they run over `table` instead of fct_play. */
  perPlay: readonly string[];
  /** A folder of `sql/` whose file of a test's name runs instead of the test (a check of what was added). */
  standIns: string;
}

/**
 * Runs every `sql/tests/*.sql` and returns the ones that found offending rows. With `added`, the tests look at
 * what an append added where that is all that can have broken them (appendPlays).
 */
export async function runDataTests(
  warehouse: Warehouse,
  { added }: { added?: AddedPlays } = {},
): Promise<DataTestFailure[]> {
  const failures: DataTestFailure[] = [];
  const standIns = new Set(added ? await listSql(added.standIns) : []);
  for (const file of await listSql("tests")) {
    const test = file.replace(/^tests\//, "").replace(/\.sql$/, "");
    const standIn = added && `${added.standIns}/${test}.sql`;
    let select = await readSql(standIn && standIns.has(standIn) ? standIn : file);
    if (added?.perPlay.includes(test)) {
      // A CTE of fct_play's name stands in for the table everywhere in the statement, subqueries included.
      select = `with fct_play as (select * from ${added.table}) select * from (${select})`;
    }
    const rowCount = await warehouse.value<number>(`select count(*) from (${select})`);
    if (rowCount > 0) {
      const sample = await warehouse.rows(`select * from (${select}) limit 5`);
      failures.push({ test, rowCount, sample });
    }
  }
  return failures;
}
