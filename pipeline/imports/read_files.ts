/**
 * The import's first step: every play file read by DuckDB into import_scratch.import_<source> (all rows, in file
 * order, each with its content's hash), where each file starts and which rows are first of their content
 * (sql/load/import_positions.sql), and the checks that refuse a file by its row: a value of the wrong type, a
 * timestamp that cannot be read, a CSV row that does not parse.
 */
import { listValue } from "@duckdb/node-api";
import type { Warehouse } from "../../warehouse/duckdb.ts";
import { type ImportSource, RAW_PLAY_TABLES } from "../../warehouse/build.ts";
import { readSql } from "../../warehouse/sql_files.ts";
import { UserError } from "../../lib/errors.ts";
import type { PlayFile } from "./sources.ts";
import type { PlayFormat } from "./sniff.ts";

export class ImportError extends UserError {}

/** Where the files of each sniffed format are loaded, and the kind their rows are recorded with. */
const FORMATS: Record<PlayFormat, { source: ImportSource; kind: string }> = {
  extended: { source: "extended", kind: "extended" },
  account_music: { source: "account", kind: "music" },
  account_podcast: { source: "account", kind: "podcast" },
  account_audiobook: { source: "account", kind: "audiobook" },
  lastfm: { source: "lastfm", kind: "lastfm" },
  listenbrainz: { source: "listenbrainz", kind: "listenbrainz" },
};

/** How many rows the import read, from every file. */
export async function countLoaded(warehouse: Warehouse): Promise<number> {
  return await warehouse.value<number>(
    `select ${
      Object.keys(RAW_PLAY_TABLES).map((source) => `(select count(*) from import_${source})`).join(" + ")
    }`,
  );
}

/** Reads every play file into import_scratch.import_<source>, then checks types and timestamps. */
export async function loadFiles(warehouse: Warehouse, files: PlayFile[]): Promise<void> {
  await warehouse.run(await readSql("load/import_file.sql"));
  for (const file of files) {
    await warehouse.run("insert into import_file values ($1, $2, $3)", [
      file.duckdbPath,
      file.sourceFile,
      FORMATS[file.format].kind,
    ]);
  }
  // Row order must follow the files (row numbers come from rowid); everything else may be reordered.
  await warehouse.run("set preserve_insertion_order = true");
  try {
    for (const source of Object.keys(RAW_PLAY_TABLES) as ImportSource[]) {
      const sourceFiles = files.filter((file) => FORMATS[file.format].source === source);
      await loadRows(warehouse, source, sourceFiles);
    }
  } finally {
    await warehouse.run("set preserve_insertion_order = false");
  }
  await warehouse.run(await readSql("load/import_positions.sql"));
  const [wrongType] = await warehouse.rows<
    { source_file: string; row_number: number; field: string; expected: string; value: string }
  >(await readSql("load/check_types.sql"));
  if (wrongType) {
    throw new ImportError(
      `Cannot read "${wrongType.field}" in ${wrongType.source_file} row ${wrongType.row_number}: expected ` +
        `${wrongType.expected}, got ${wrongType.value.slice(0, 80)}`,
    );
  }
  const [badTs] = await warehouse.rows<{ source_file: string; row_number: number; value: string }>(
    `select source_file, import_extended.rowid - first_position + 1 as row_number, ts as value
     from import_extended join import_file_start using (source_file)
     where ts is not null and try_cast(ts as timestamptz) is null order by import_extended.rowid limit 1`,
  );
  if (badTs) {
    throw new ImportError(
      `Cannot parse "ts" in ${badTs.source_file} row ${badTs.row_number}: "${badTs.value}"`,
    );
  }
  const [badEnd] = await warehouse.rows<{ source_file: string; row_number: number; value: string }>(
    `select source_file, import_account.rowid - first_position + 1 as row_number, end_time as value
     from import_account join import_file_start using (source_file)
     where end_time is not null and try_strptime(end_time, '%Y-%m-%d %H:%M') is null
     order by import_account.rowid limit 1`,
  );
  if (badEnd) {
    throw new ImportError(
      `Cannot parse "endTime" in ${badEnd.source_file} row ${badEnd.row_number}: "${badEnd.value}"` +
        ` (expected "YYYY-MM-DD HH:MM")`,
    );
  }
}

/** Fills import_scratch.import_<source> from `files`, or leaves it empty with the right columns. */
async function loadRows(warehouse: Warehouse, source: ImportSource, files: PlayFile[]): Promise<void> {
  if (files.length > 0 && source !== "lastfm") {
    await warehouse.run(await readSql(`load/import_${source}.sql`), {
      files: listValue(files.map((file) => file.duckdbPath)),
    });
    return;
  }
  await warehouse.run(
    `create or replace table import_scratch.import_${source} as
     select * exclude (import_id, user_name, row_number) from ${RAW_PLAY_TABLES[source]} limit 0`,
  );
  for (const { duckdbPath } of files) {
    try {
      await warehouse.run(await readSql("load/import_lastfm.sql"), { files: listValue([duckdbPath]) });
    } catch (error) {
      throw new CsvRowError(duckdbPath, (error as Error).message);
    }
  }
}

/** DuckDB's many-line CSV error, said in one line (describe() puts the export's file name in place of the path). */
class CsvRowError extends Error {
  constructor(path: string, duckdbMessage: string) {
    const line = /CSV Error on Line: (\d+)/.exec(duckdbMessage)?.[1];
    const columns = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(duckdbMessage);
    const reason = columns
      ? `expected ${columns[1]} columns, found ${columns[2]}`
      : /unterminated quote/i.test(duckdbMessage)
      ? "a quoted value never ends"
      : /unicode|utf-?8/i.test(duckdbMessage)
      ? "not valid UTF-8 text"
      : duckdbMessage.split("\n")[0];
    super(line ? `Cannot read ${path} line ${line}: ${reason}` : `Cannot read ${path}: ${reason}`);
  }
}
