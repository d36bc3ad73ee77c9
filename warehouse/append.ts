/**
 * The incremental path: plays added to the marts without a rebuild (after a recently-played answer, a
 * currently-playing episode or local file, received or deleted listens), with the same mart models as a full
 * build (build.ts) run over just the new plays, and the aggregate marts brought up to date for what they touch.
 */
import type { Warehouse } from "./duckdb.ts";
import { readSql } from "./sql_files.ts";
import {
  type AddedPlays,
  type BuildSettings,
  DataTestError,
  type Materialization,
  RULE_MODELS,
  RULED_PLAY_MODELS,
  runDataTests,
  runModels,
  setBuildVariables,
} from "./build.ts";

/** Mart keys, for adding rows without a rebuild: only rows whose key is new are inserted. */
const MART_KEYS: Record<string, string> = {
  dim_user: "user_key",
  dim_artist: "artist_key",
  dim_album: "album_key",
  dim_track: "track_key",
  dim_episode: "episode_key",
  dim_date: "date_key",
};

/**
 * A source of plays added to the marts without a rebuild (appendPlays). Its models end with two stand-ins, each
 * named for what it stands in for or makes: `int_play_rows`, the new plays only, judged against the marts by the
 * rules patch_int_play_rows__set_aside.sql applies in a build; and `superseded_plays`, the play_keys in fct_play
 * that are no plays any more (a listen a new Spotify play replaces, a deleted manual listen).
 */
export interface PlaySource {
  name: string;
  models: readonly { path: string; materialized: Materialization }[];
  /** SQL variables the models read with getvariable() (names fixed here, never from input). */
  variables: Record<string, number>;
}

/** The tracks of one landed recently-played response (raw_spotify_recently_played `ingest_id`). */
export function recentlyPlayed(ingestId: number): PlaySource {
  return {
    name: "recently-played",
    models: [
      { path: "staging/stg_spotify__api_plays", materialized: "temp view" },
      { path: "intermediate/int_api_play_rows", materialized: "temp view" },
      { path: "intermediate/int_play_rows__columns", materialized: "temp view" },
      { path: "incremental/api/int_play_rows", materialized: "temp table" },
      { path: "incremental/api/superseded_plays", materialized: "temp table" },
    ],
    variables: { ingest_id: ingestId },
  };
}

/** One play seen on Spotify's currently-playing (raw_spotify_currently_playing `playId`): an episode, a local file. */
export function currentlyPlaying(playId: number): PlaySource {
  return {
    name: "currently-playing",
    models: [
      { path: "staging/stg_spotify__currently_playing", materialized: "temp view" },
      { path: "intermediate/int_realtime_play_rows", materialized: "temp view" },
      { path: "intermediate/int_play_rows__columns", materialized: "temp view" },
      { path: "incremental/realtime/int_play_rows", materialized: "temp table" },
      { path: "incremental/api/superseded_plays", materialized: "temp table" },
    ],
    variables: { realtime_play_id: playId },
  };
}

/** The listens received (raw_submitted_listen) after listen `afterId`, and manual listens deleted since. */
export function receivedListens(afterId: number): PlaySource {
  return {
    name: "received listens",
    models: [
      { path: "staging/stg_submitted__listens", materialized: "temp view" },
      { path: "intermediate/int_submitted_play_rows", materialized: "temp view" },
      { path: "intermediate/int_play_rows__columns", materialized: "temp view" },
      { path: "incremental/listens/int_play_rows", materialized: "temp table" },
      { path: "incremental/listens/superseded_plays", materialized: "temp table" },
    ],
    variables: { listens_after: afterId },
  };
}

/**
 * The one way plays reach the marts without a rebuild: the source's new plays (see PlaySource) go through the
 * same mart models as in a build, only rows with new keys are inserted, and the plays they supersede are removed;
 * then the data tests run. The marts equal a full build's, except that names chosen by frequency are recomputed
 * by the nightly build, and a dimension row whose last play was removed stays until then (no page shows a
 * dimension row without plays). Call it in the caller's transaction.
 */
export async function appendPlays(
  warehouse: Warehouse,
  settings: BuildSettings,
  source: PlaySource,
): Promise<{ added: number; removed: number }> {
  await setBuildVariables(warehouse, settings);
  for (const [name, value] of Object.entries(source.variables)) {
    await warehouse.run(`set variable ${name} = $1`, [value]);
  }
  await runModels(warehouse, [...RULE_MODELS, ...source.models, ...RULED_PLAY_MODELS]);
  const added = await warehouse.value<number>("select count(*) from int_play_rows");
  const removed = await warehouse.value<number>("select count(*) from superseded_plays");
  if (added === 0 && removed === 0) return { added, removed };
  // The plays removed touch the sums as the plays added do (refreshAggregates). Without any, fct_play is not
  // scanned for them (30 ms of an ingest at 350k plays).
  const removedPlays = removed > 0 ? "where play_key in (select play_key from superseded_plays)" : "limit 0";
  await warehouse.run(`create or replace temp table removed_play as select * from fct_play ${removedPlays}`);
  if (removed > 0) {
    await warehouse.run("delete from fct_play where play_key in (select play_key from removed_play)");
  }
  for (const dim of ["dim_user", "dim_artist", "dim_album", "dim_track", "dim_episode"]) {
    await insertNewKeys(warehouse, dim);
  }
  await warehouse.run(
    `create or replace temp table new_play as ${await readSql("marts/fct_play.sql")}`,
  );
  await warehouse.run("insert into fct_play by name select * from new_play");
  await insertNewKeys(warehouse, "dim_date");
  await refreshAggregates(warehouse);
  const failures = await runDataTests(warehouse, { added: ADDED_PLAYS });
  if (failures.length > 0) throw new DataTestError(failures);
  return { added, removed };
}

/**
 * What the data tests look at after an append: the marts passed them all before it, so the tests that judge each
 * play on its own run over the plays it added, and sql/incremental/tests/ checks only their keys for repeats.
 */
export const ADDED_PLAYS: AddedPlays = {
  table: "new_play",
  perPlay: ["fct_play_accepted_values", "fct_play_not_null", "fct_play_relationships"],
  standIns: "incremental/tests",
};

/**
 * Each aggregate, and what its rows for what an append touched (sql/incremental/touched.sql) are made from:
 * `plays` selects them from `{source}` (fct_play unless it says): the plays of the touched listener days or items,
 * a listener's plays from a year or a run on, or (agg_session) their runs from a session on. `rows` picks the rows
 * made from those out of `{table}`.
 */
const AGGREGATE_SCOPES: { table: string; source?: string; plays: string; rows: string }[] = [
  {
    table: "agg_play_hour",
    plays: "select * from {fct_play} semi join touched_day using (user_key, date_key)",
    rows: "semi join touched_day using (user_key, date_key)",
  },
  {
    table: "agg_play_label",
    plays: "select * from {fct_play} semi join touched_day using (user_key, date_key)",
    rows: "semi join touched_day using (user_key, date_key)",
  },
  {
    table: "agg_item",
    plays: "select * from {fct_play} where (user_key, artist_key) in (select (user_key, item_key) from " +
      "touched_item where kind = 'artist') or (user_key, track_key) in (select (user_key, item_key) from " +
      "touched_item where kind = 'track') or (user_key, album_key) in (select (user_key, item_key) from " +
      "touched_item where kind = 'album')",
    rows: "semi join touched_item using (user_key, kind, item_key)",
  },
  {
    table: "agg_listener_year",
    // (a join: as a subquery per play, 110 instead of 54 ms at 350k plays)
    plays: "select play.* from {fct_play} as play join year_cut " +
      "on year_cut.user_key = play.user_key and play.date_key >= year_cut.cut_key",
    rows: "where year * 10000 >= (select cut_key from year_cut where year_cut.user_key = {table}.user_key)",
  },
  {
    table: "agg_play_run",
    plays: "select * from {fct_play} as play where epoch_ms(played_at) >= " +
      "(select cut_ms from run_cut where run_cut.user_key = play.user_key)",
    rows: "where first_end_ms >= (select cut_ms from run_cut where run_cut.user_key = {table}.user_key)",
  },
  {
    // after agg_play_run: its runs as they are now
    table: "agg_session",
    source: "agg_play_run",
    plays: "select * from {agg_play_run} as run where first_end_ms >= " +
      "(select cut_ms from session_cut where session_cut.user_key = run.user_key)",
    rows:
      "where first_end_ms >= (select cut_ms from session_cut where session_cut.user_key = {table}.user_key)",
  },
];

/**
 * Brings the aggregate marts up to date with the plays an append just added (new_play) and removed
 * (removed_play): the same models run over the plays (or runs) of what they touched (a temp view named like the
 * table they read stands in for it on this connection), and their rows replace the old ones. Gives what a full
 * build would.
 */
async function refreshAggregates(warehouse: Warehouse): Promise<void> {
  await warehouse.run(await readSql("incremental/touched.sql"));
  // In a temp view, `main` is the temp catalog's schema: the table is named by its database.
  const database = await warehouse.value<string>("select current_database()");
  const quoted = `"${database.replaceAll('"', '""')}".main`;
  for (const { table, source = "fct_play", plays, rows } of AGGREGATE_SCOPES) {
    const scoped = plays.replaceAll(`{${source}}`, `${quoted}.${source}`);
    await warehouse.run(`create or replace temp view ${source} as ${scoped}`);
    try {
      await warehouse.run(`create or replace temp table refreshed as ${await readSql(`marts/${table}.sql`)}`);
    } finally {
      await warehouse.run(`drop view ${source}`);
    }
    const own = (name: string) => rows.replaceAll("{table}", name);
    await warehouse.run(`delete from ${table} where rowid in (select rowid from ${table} ${own(table)})`);
    await warehouse.run(`insert into ${table} by name select * from refreshed ${own("refreshed")}`);
  }
}

async function insertNewKeys(warehouse: Warehouse, dim: string): Promise<void> {
  const key = MART_KEYS[dim];
  await warehouse.run(
    `insert into ${dim} by name
     select * from (${await readSql(`marts/${dim}.sql`)}) where ${key} not in (select ${key} from ${dim})`,
  );
}
