/** Shared test setup: a fresh warehouse file in a temp folder, removed afterwards. */
import { join } from "node:path";
import type { Warehouse } from "../warehouse/duckdb.ts";
import { AGGREGATE_TABLES, type BuildSettings } from "../warehouse/build.ts";
import { openWarehouse } from "../warehouse/migrate.ts";
import { importExports } from "../pipeline/imports/import_exports.ts";
import { writeZip } from "../pipeline/imports/zip/mod.ts";
import { generateExtendedHistory } from "../pipeline/demo/history/mod.ts";

export const TESTDATA = new URL("./testdata/", import.meta.url).pathname;
export const EXPORT_EXTENDED = join(TESTDATA, "export", "extended");
export const EXPORT_ACCOUNT = join(TESTDATA, "export", "account");
export const UTC_SETTINGS: BuildSettings = { timezone: "UTC", minPlayMs: 30_000, sessionGapMinutes: 30 };

export async function withWarehouse(
  fn: (warehouse: Warehouse, dir: string) => Promise<void>,
  settings: BuildSettings = UTC_SETTINGS,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-test-" });
  // Reads spread over two connections, as `serve` opens it (readConnections: DuckDB's threads, default 2).
  const warehouse = await openWarehouse(join(dir, "test.duckdb"), settings, {
    memoryLimit: "256MB",
    readConnections: 2,
  });
  try {
    await fn(warehouse, dir);
  } finally {
    warehouse.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Bytes DuckDB holds that no memory limit can evict: temp tables, and writes committed but not yet checkpointed.
 */
export function heldInMemory(warehouse: Warehouse): Promise<number> {
  return warehouse.value<number>(
    "select coalesce(sum(memory_usage_bytes), 0) from duckdb_memory() where tag in ('IN_MEMORY_TABLE', 'TRANSACTION')",
  );
}

/**
 * A fingerprint of everything an import may change: raw rows, plays and (unless `imports: false`) the import
 * history, which records even a re-import that adds nothing.
 */
export async function warehouseFingerprint(
  warehouse: Warehouse,
  { imports = true }: { imports?: boolean } = {},
): Promise<string> {
  const [row] = await warehouse.rows(
    `select
        (select count(*) from raw_spotify_extended) as extended_rows,
        (select count(*) from raw_spotify_account) as account_rows,
        case when $1 then (select count(*) from raw_import) end as imports,
        (select coalesce(string_agg(play_key::varchar || ':' || ms_played, ',' order by play_key), '') from fct_play)
            as plays`,
    [imports],
  );
  return JSON.stringify(row);
}

/**
 * One row of a hand-built Extended Streaming History file: `ms` played, ending at `ts`, about nothing until
 * `fields` says what (track, episode and their names and URIs, flags, platform, reasons).
 */
export function extendedRow(
  ts: string,
  ms: number,
  fields: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    ts,
    ms_played: ms,
    master_metadata_track_name: null,
    master_metadata_album_artist_name: null,
    master_metadata_album_album_name: null,
    spotify_track_uri: null,
    episode_name: null,
    episode_show_name: null,
    spotify_episode_uri: null,
    ...fields,
  };
}

/** Writes `rows` as the Extended Streaming History file `name` in `dir`, and returns its path. */
export async function writeHistory(dir: string, name: string, rows: unknown[]): Promise<string> {
  const file = join(dir, name);
  await Deno.writeTextFile(file, JSON.stringify(rows));
  return file;
}

/**
 * Writes a generated Extended Streaming History of `plays` plays (seed 42, as the benchmarks' ZIP) as the export
 * ZIP `my_spotify_data.zip` in `dir`, and returns its path.
 */
export async function writeHistoryZip(dir: string, plays: number): Promise<string> {
  const zip = join(dir, "my_spotify_data.zip");
  const encoder = new TextEncoder();
  await writeZip(
    zip,
    Array.from(
      generateExtendedHistory({ plays, seed: 42 }),
      (file) => ({ name: file.name, data: encoder.encode(file.json) }),
    ),
  );
  return zip;
}

/** One music play for a hand-built export: when it ended (UTC), what and how long. */
export interface TestPlay {
  ts: string;
  track: string;
  artist: string;
  ms: number;
  /** Default: "<artist> album". */
  album?: string;
  /** The track's Spotify id, padded to 22 characters; default: the track name. */
  id?: string;
}

/**
 * Writes `plays` as an Extended Streaming History file in `dir` and imports it for `user` (default "me"), with
 * `alsoImport` (other export files of the same user) in the same import: one build instead of two.
 */
export async function importPlays(
  warehouse: Warehouse,
  dir: string,
  plays: TestPlay[],
  { user = "me", alsoImport = [] }: { user?: string; alsoImport?: string[] } = {},
): Promise<void> {
  const file = await writeHistory(
    dir,
    `Streaming_History_Audio_${user}.json`,
    plays.map((play) => ({
      ts: play.ts,
      ms_played: play.ms,
      master_metadata_track_name: play.track,
      master_metadata_album_artist_name: play.artist,
      master_metadata_album_album_name: play.album ?? `${play.artist} album`,
      spotify_track_uri: `spotify:track:${(play.id ?? play.track).padStart(22, "0")}`,
    })),
  );
  await importExports(warehouse, [file, ...alsoImport], { user, settings: UTC_SETTINGS });
}

/**
 * Every play (its key, what, when and how long) and every row of the sums of them the pages read, in a fixed
 * order: equal before and after a full rebuild when an incremental append did its job.
 */
export async function martsSnapshot(warehouse: Warehouse): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {
    fct_play: await warehouse.rows(
      `select play_key, user_key, track_key, artist_key, album_key, date_key, time_key, ms_played, is_counted,
         is_excluded
       from fct_play order by play_key`,
    ),
  };
  // the sums a full build makes from fct_play, which adding plays without a rebuild must keep equal to a build's
  for (const table of AGGREGATE_TABLES) {
    snapshot[table] = await warehouse.rows(`select * from ${table} order by all`);
  }
  return snapshot;
}
