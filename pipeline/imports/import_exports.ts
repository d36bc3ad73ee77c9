/**
 * Imports Spotify exports into the warehouse: collect the play files, let DuckDB read them, then in ONE
 * transaction land the new raw rows, rebuild the marts, run the data tests and judge every row for the report.
 * A failure (or a kill) at any point leaves the warehouse as it was; a dry run rolls the same work back.
 */
import { listValue } from "@duckdb/node-api";
import { dirname, join } from "node:path";
import { OutOfMemory, type Warehouse } from "../../warehouse/duckdb.ts";
import {
  buildMarts,
  buildPlayRows,
  type BuildSettings,
  martsAreCurrent,
  RAW_PLAY_TABLES,
} from "../../warehouse/build.ts";
import { readSql } from "../../warehouse/sql_files.ts";
import { collectSources, type PlayFile } from "./sources.ts";
import type { PlayFormat } from "./sniff.ts";
import { countLoaded, ImportError, loadFiles } from "./read_files.ts";

export { ImportError };

export interface FileReport {
  file: string;
  format: PlayFormat | "empty";
  rowsRead: number;
  newPlays: number;
  duplicates: number;
  /** Rejected rows by reason, e.g. `{ "no content": 1 }`. */
  rejected: Record<string, number>;
}

export interface ImportReport {
  /** Null for a dry run. */
  importId: number | null;
  user: string;
  dryRun: boolean;
  files: FileReport[];
  skipped: { file: string; reason: string }[];
  totals: { rowsRead: number; newPlays: number; duplicates: number; rejected: Record<string, number> };
  playsBefore: number;
  playsAfter: number;
  elapsedMs: number;
}

export interface ImportOptions {
  user: string;
  settings: BuildSettings;
  /** Judge everything and report, then roll back. Default false. */
  dryRun?: boolean;
  /** Where re-wrapped ZIP entries go while importing; default: beside the warehouse file. */
  tmpRoot?: string;
  /** Progress lines for a human (stderr in the CLI). */
  onProgress?: (message: string) => void;
}

/** Imports run one at a time in a process (a preview may wait for an import): each attaches import_scratch. */
let importing: Promise<unknown> = Promise.resolve();

export function importExports(
  warehouse: Warehouse,
  paths: string[],
  options: ImportOptions,
): Promise<ImportReport> {
  const run = importing.then(() => importOnFewerThreads(warehouse, paths, options));
  importing = run.catch(() => {});
  return run;
}

/**
 * Imports, and once more on one thread if DuckDB ran out of memory (which left nothing behind). On two threads
 * its need varies from run to run: the same 350,000-play import at the default limit failed 4 times in about 40
 * (in int_play_rows, where one thread needs 80-90 MB and two 120-140 MB), and a 20,000-play ZIP needs over 115 MB
 * to be read on two threads but under 90 MB on one. One thread takes about twice as long, so it is the fallback,
 * not the rule. `threads` is the database's: a server's pages run on one thread meanwhile.
 */
async function importOnFewerThreads(
  warehouse: Warehouse,
  paths: string[],
  options: ImportOptions,
): Promise<ImportReport> {
  try {
    return await importNow(warehouse, paths, options);
  } catch (error) {
    if (!(error instanceof OutOfMemory)) throw error;
    const threads = await warehouse.value<number>("select current_setting('threads')");
    if (threads <= 1) throw error;
    options.onProgress?.(`DuckDB ran out of memory on ${threads} threads: importing again on one thread`);
    await warehouse.run("set threads = 1");
    try {
      return await importNow(warehouse, paths, options);
    } finally {
      await warehouse.run(`set threads = ${threads}`);
    }
  }
}

async function importNow(
  warehouse: Warehouse,
  paths: string[],
  { user, settings, dryRun = false, tmpRoot, onProgress = () => {} }: ImportOptions,
): Promise<ImportReport> {
  const started = performance.now();
  const root = tmpRoot ?? (warehouse.path === ":memory:" ? undefined : dirname(warehouse.path));
  if (root) await removeStaleTempDirs(root);
  const tmpDir = await Deno.makeTempDir({ dir: root, prefix: TMP_PREFIX });
  let files: PlayFile[] = [];
  // What the import reads lands in an in-memory database of its own, dropped with it at the end. Not compressed:
  // its rows go to raw first thing in the transaction (landPendingRows), after which nothing reads them and DuckDB
  // moves them to its temp directory when the build needs the memory. (Compressing them once read took 1.7-2.7 s
  // and ~150,000 fresh pages at 350k rows.)
  // A new warehouse opened for its first import has no marts yet: the import builds them (or, when it is a dry
  // run or fails, builds them empty at the end, as opening would have).
  const hasMarts = await hasPlayMart(warehouse);
  await warehouse.run("attach ':memory:' as import_scratch");
  await warehouse.run("set search_path = 'main,import_scratch'");
  try {
    const collected = await collectSources(paths, tmpDir);
    files = collected.files;
    onProgress(
      `${collected.files.length} play file(s), ${collected.skipped.length} other file(s) skipped` +
        ` (${elapsed(started)})`,
    );
    await loadFiles(warehouse, collected.files);
    onProgress(`read ${await countLoaded(warehouse)} rows (${elapsed(started)})`);

    // Before the transaction, only temp tables change: import_* keep just the rows to land, and
    // pending_raw_* show them in raw's shape.
    const importId = await warehouse.value<number>("select nextval('raw_import_id_seq')");
    await warehouse.run("set variable import_id = $1", [importId]);
    await warehouse.run("set variable import_user = $1", [user]);
    await warehouse.run(await readSql("load/keep_new_rows.sql"));
    await warehouse.run(await readSql("load/pending_rows.sql"));
    const newRows = await warehouse.value<number>(countPendingSql);
    onProgress(`${newRows} rows are new (${elapsed(started)})`);
    // Nothing to land (a re-import): what was read is let go before the transaction, which can no longer drop it.
    // Its rows, deleted, still held their memory, which the play rows built for the report then had to move out.
    if (newRows === 0) await dropReadRows(warehouse);

    let report: ImportReport | undefined;
    const work = async () => {
      const playsBefore = hasMarts ? await countPlays(warehouse, user) : 0;
      await warehouse.run(
        hasMarts
          ? "create or replace temp table previous_play as select play_key from fct_play where user_key = surrogate_key('user:' || $1)"
          : "create or replace temp table previous_play as select null::bigint as play_key where $1 is null",
        [user],
      );
      if (newRows > 0) {
        await landPendingRows(warehouse);
        onProgress(`landed the new rows (${elapsed(started)})`);
      }
      if (newRows > 0 || !hasMarts || !(await martsAreCurrent(warehouse, settings))) {
        await buildMarts(warehouse, settings);
        onProgress(`built marts and passed data tests (${elapsed(started)})`);
      } else {
        // Nothing to land: the marts stay as they are; judging the rows needs only the play rows.
        await buildPlayRows(warehouse, settings);
        onProgress(`nothing new: the marts stay as they are (${elapsed(started)})`);
      }
      const files = await judgeFiles(warehouse, user, collected.files, collected.empty);
      report = {
        importId: dryRun ? null : importId,
        user,
        dryRun,
        files,
        skipped: collected.skipped,
        totals: sumTotals(files),
        playsBefore,
        playsAfter: await countPlays(warehouse, user),
        elapsedMs: Math.round(performance.now() - started),
      };
      await warehouse.run(
        `insert into raw_import (import_id, user_name, started_at, finished_at, sources, report)
         values ($1, $2, now() - to_milliseconds($3), now(), $4, $5)`,
        [importId, user, Math.round(performance.now() - started), listValue(paths), JSON.stringify(report)],
      );
      if (dryRun) throw new DryRunDone();
    };
    await warehouse.transaction(work).catch((error) => {
      if (!(error instanceof DryRunDone)) throw error;
    });
    report!.elapsedMs = Math.round(performance.now() - started);
    return report!;
  } catch (error) {
    // Running out of memory says which setting to raise (and importOnFewerThreads tries again).
    throw error instanceof ImportError || error instanceof OutOfMemory
      ? error
      : new ImportError(describe(error, files));
  } finally {
    for (const table of Object.values(RAW_PLAY_TABLES)) {
      await warehouse.run(`drop view if exists pending_${table}`).catch(() => {});
    }
    await warehouse.run("drop table if exists pending_file").catch(() => {});
    await warehouse.run("reset search_path").catch(() => {});
    // landPendingRows turns FSST off, and cannot turn it on again in a transaction DuckDB has aborted
    await warehouse.run("reset disabled_compression_methods").catch(() => {});
    await warehouse.run("detach database if exists import_scratch").catch(() => {});
    if (!hasMarts && !(await hasPlayMart(warehouse))) {
      await warehouse.transaction(() => buildMarts(warehouse, settings)).catch(() => {});
    }
    await Deno.remove(tmpDir, { recursive: true }).catch(() => {});
  }
}

class DryRunDone extends Error {}

/**
 * Lands the rows to land (pending_raw_*) in raw, first thing in the import's transaction: the build then reads raw
 * alone, as every other build does, and a rollback (a failed test, a dry run) or a kill undoes the landing with the
 * rest. DuckDB writes a big insert into a table of the file out compressed as it goes (350,000 rows: ~20 MB of its
 * memory until the commit), so the build has the memory the import's own copy held (import_scratch cannot be
 * detached in a transaction that read it: DuckDB moves it to its temp directory when memory is short).
 *
 * Written without FSST: DuckDB tries FSST on every text column of every row group it writes, and keeps it only
 * where dictionaries fail, which in raw is the timestamp (`ts`, a different string on every row). At 350k rows
 * that try and compress took ~2 s of a ~13 s import and ~60,000 fresh pages; without it the import took
 * 10.8-11.7 s instead of 12.7-13.7 s, at the same peak, and the warehouse file grew by 6 MB (56 -> 62 MB, `ts`
 * stored as written; measured 2026-12-06). The setting is the database's, not the connection's: back to DuckDB's
 * default straight after, so the build's marts (names, URIs) are written with FSST as before (turning it off for
 * them too saved nothing measurable); what another connection writes meanwhile (a player's listens) is written
 * without it.
 */
async function landPendingRows(warehouse: Warehouse): Promise<void> {
  await warehouse.run("set disabled_compression_methods = 'fsst'");
  try {
    for (const table of Object.values(RAW_PLAY_TABLES)) {
      await warehouse.run(`insert into ${table} by name select * from pending_${table}`);
    }
  } finally {
    // In a transaction DuckDB has aborted (out of memory) this fails too: importNow resets after the rollback.
    await warehouse.run("reset disabled_compression_methods").catch(() => {});
  }
}

/** Drops what the import read of each source, and the views of it: only the report's rows (import_row) stay. */
async function dropReadRows(warehouse: Warehouse): Promise<void> {
  for (const [source, table] of Object.entries(RAW_PLAY_TABLES)) {
    await warehouse.run(`drop view pending_${table}`);
    await warehouse.run(`drop table import_scratch.import_${source}`);
  }
}

async function hasPlayMart(warehouse: Warehouse): Promise<boolean> {
  return await warehouse.value<boolean>(
    "select count(*) > 0 from duckdb_tables() where table_name = 'fct_play' and not temporary",
  );
}

const TMP_PREFIX = ".import-";

/**
 * Removes temp folders that killed imports left beside the warehouse. Safe: this process holds the
 * warehouse's lock, so no other import is running.
 */
async function removeStaleTempDirs(root: string): Promise<void> {
  for await (const entry of Deno.readDir(root)) {
    if (entry.isDirectory && entry.name.startsWith(TMP_PREFIX)) {
      await Deno.remove(join(root, entry.name), { recursive: true }).catch(() => {});
    }
  }
}

/** How many rows the import will land: the sum over every pending_raw_* view. */
const countPendingSql = `select ${
  Object.values(RAW_PLAY_TABLES).map((table) => `(select count(*) from pending_${table})`).join(" + ")
}`;

async function judgeFiles(
  warehouse: Warehouse,
  user: string,
  files: PlayFile[],
  empty: string[],
): Promise<FileReport[]> {
  const counts = await warehouse.rows<
    { source_file: string; reject_reason: string | null; is_new: boolean; row_count: number }
  >(await readSql("load/judge_import.sql"), { user_name: user });
  const reports = new Map<string, FileReport>();
  for (const file of files) {
    reports.set(file.sourceFile, {
      file: file.sourceFile,
      format: file.format,
      rowsRead: 0,
      newPlays: 0,
      duplicates: 0,
      rejected: {},
    });
  }
  for (const row of counts) {
    const report = reports.get(row.source_file)!;
    report.rowsRead += row.row_count;
    if (row.reject_reason !== null) {
      report.rejected[row.reject_reason] = (report.rejected[row.reject_reason] ?? 0) + row.row_count;
    } else if (row.is_new) report.newPlays += row.row_count;
    else report.duplicates += row.row_count;
  }
  for (const file of empty) {
    reports.set(file, { file, format: "empty", rowsRead: 0, newPlays: 0, duplicates: 0, rejected: {} });
  }
  return [...reports.values()];
}

function sumTotals(files: FileReport[]): ImportReport["totals"] {
  const totals = { rowsRead: 0, newPlays: 0, duplicates: 0, rejected: {} as Record<string, number> };
  for (const file of files) {
    totals.rowsRead += file.rowsRead;
    totals.newPlays += file.newPlays;
    totals.duplicates += file.duplicates;
    for (const [reason, count] of Object.entries(file.rejected)) {
      totals.rejected[reason] = (totals.rejected[reason] ?? 0) + count;
    }
  }
  return totals;
}

async function countPlays(warehouse: Warehouse, user: string): Promise<number> {
  return await warehouse.value<number>(
    "select count(*) from fct_play where user_key = surrogate_key('user:' || $1)",
    [user],
  );
}

function elapsed(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}

/** DuckDB names the files it failed on by their temp path: say which export file that was. */
function describe(error: unknown, files: PlayFile[]): string {
  let message = error instanceof Error ? error.message : String(error);
  message = message.replace(/\n\nLINE \d+:[\s\S]*$/, "").replace(/\nTry setting 'auto_detect'[^\n]*/, "");
  for (const file of files) message = message.split(file.duckdbPath).join(file.sourceFile);
  return message.replace(/^[A-Z][A-Za-z ]* Error: /, "").replace("record/value", "row").trim();
}
