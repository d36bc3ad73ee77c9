/**
 * Copies of the warehouse: `exportTables` writes every mart and raw table as Parquet or CSV files; `backup`
 * writes a consistent single-file copy (one snapshot, so it is safe while the server runs and imports);
 * `restore` puts a backup in place of the warehouse file (with the server stopped).
 */
import { basename, dirname, join } from "node:path";
import { existsSync } from "node:fs";
import { Warehouse } from "./duckdb.ts";
import { ENRICHMENT_MODELS, LIBRARY_MODELS, MODELS } from "./build.ts";
import { UserError } from "../lib/errors.ts";

/** The raw tables every mart is rebuilt from: plays, cached enrichment answers, library snapshots and the rules. */
const RAW_SOURCES = [
  "raw_import",
  "raw_spotify_extended",
  "raw_spotify_account",
  "raw_lastfm_scrobble",
  "raw_listenbrainz_listen",
  "raw_submitted_listen",
  "raw_spotify_recently_played",
  "raw_spotify_currently_playing",
  "raw_spotify_item",
  "raw_musicbrainz",
  "enrich_artist_match",
  "raw_spotify_library_snapshot",
  "snapshot_spotify_library_item",
  "snapshot_spotify_playlist",
  // the listener's merge, rename and exclusion rules: data the marts are built with, as the plays are
  "rule",
] as const;

/**
 * Tables an export leaves out: Spotify tokens, listen tokens (only their hashes, but still credentials), share
 * links and stored settings (secrets among them), and the program's own bookkeeping.
 * Every other table is exported; a test keeps this list and the warehouse in step.
 */
export const NOT_EXPORTED = [
  "spotify_connection",
  "spotify_auth_request",
  "listen_token",
  "share_link",
  "setting",
  "warehouse_state",
  "job_run",
  "job_problem",
  "ingest_gap",
  "enrich_failure",
] as const;

/** Tables an export writes: every mart (the models kept as tables), then the raw tables they come from. */
export const EXPORTED_TABLES: readonly string[] = [
  ...[...MODELS, ...ENRICHMENT_MODELS, ...LIBRARY_MODELS]
    .filter((model) => model.materialized === "table")
    .map((model) => model.path.split("/").pop()!),
  ...RAW_SOURCES,
];

export class BackupError extends UserError {}

/** Writes `<dir>/<table>.parquet` (or `.csv`) for every exported table; returns the files written. */
export async function exportTables(
  warehouse: Warehouse,
  dir: string,
  { format = "parquet" }: { format?: "parquet" | "csv" } = {},
): Promise<{ table: string; file: string; rows: number }[]> {
  await Deno.mkdir(dir, { recursive: true });
  const written = [];
  for (const table of EXPORTED_TABLES) {
    const file = join(dir, `${table}.${format}`);
    // Table names come from the fixed list above; the file name is a bound parameter.
    await warehouse.run(
      `copy (select * from ${table}) to $1 (format ${format === "csv" ? "csv, header true" : "parquet"})`,
      [file],
    );
    written.push({ table, file, rows: await warehouse.value<number>(`select count(*) from ${table}`) });
  }
  return written;
}

/** Writes a consistent copy of the whole warehouse to `file` (which must not exist yet). */
export async function backup(warehouse: Warehouse, file: string): Promise<void> {
  if (existsSync(file)) throw new BackupError(`Will not overwrite "${file}": choose a new file name`);
  await Deno.mkdir(dirname(file) || ".", { recursive: true });
  const database = await warehouse.value<string>("select current_database()");
  const session = await warehouse.session();
  try {
    // ATTACH takes no bound parameters: the path is quoted as an SQL string literal.
    await session.run(`attach ${sqlString(file)} as backup_target`);
    try {
      await session.run(`copy from database ${sqlIdentifier(database)} to backup_target`);
    } finally {
      await session.run("detach backup_target");
    }
    await Deno.chmod(file, 0o600); // a backup holds the tokens too
  } catch (error) {
    await Deno.remove(file).catch(() => {});
    throw new BackupError(`Cannot back up to "${file}": ${(error as Error).message}`);
  } finally {
    session.close();
  }
}

/**
 * Replaces the warehouse at `target` with the backup `file`, after checking the backup opens and holds marts.
 * The replaced warehouse is kept beside it as `<name>.before-restore`. Needs the server stopped.
 */
export async function restore(file: string, target: string): Promise<{ plays: number; keptAs?: string }> {
  if (!existsSync(file)) throw new BackupError(`No backup at "${file}"`);
  let plays: number;
  try {
    const candidate = await Warehouse.open(file, { readOnly: true });
    try {
      plays = await candidate.value<number>("select count(*) from fct_play");
    } finally {
      candidate.close();
    }
  } catch (error) {
    throw new BackupError(`"${file}" is not a Music Tracker backup: ${(error as Error).message}`);
  }
  let keptAs: string | undefined;
  if (existsSync(target)) {
    // Opening it proves no server holds it, and folds its write-ahead log into the file before it is moved.
    const current = await Warehouse.open(target);
    await current.run("checkpoint");
    current.close();
    keptAs = join(dirname(target), `${basename(target)}.before-restore`);
    await Deno.rename(target, keptAs);
    await Deno.remove(`${target}.wal`).catch(() => {});
  }
  await Deno.mkdir(dirname(target) || ".", { recursive: true });
  await Deno.copyFile(file, target);
  return { plays, keptAs };
}

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
