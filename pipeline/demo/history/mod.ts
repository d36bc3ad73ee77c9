/**
 * A deterministic generator of a realistic Spotify "Extended Streaming History" export.
 *
 * It feeds the demo warehouse shown on first start (~20,000 plays) and the import benchmark
 * (350,000 plays, ~258 MB of JSON; a real export of that size is ~270 MB). The output reproduces the
 * quirks of real exports that the importer must survive (see spotify-data-facts.md): key sets that
 * differ by era, files that are not sorted, near-duplicate rows, rows with everything null, podcasts,
 * audiobooks, a video file, names in many scripts, some of them in Unicode NFD or with stray spaces.
 * Addresses come from the documentation ranges (TEST-NET, 2001:db8::/32); names are invented.
 *
 * Same options → byte-identical output: every random choice comes from seeded sfc32 streams, never from
 * `Math.random()` or the clock. The catalogue (artists, albums, tracks, URIs) depends only on `seed`, so
 * two sizes with one seed share it.
 *
 * This entry checks the options and streams the files; the rest of the folder, in the order it is used:
 * plan.ts (rows per year, files, odd rows), catalogue.ts with names.ts and spoken_word.ts (what can be
 * played), listening.ts (the listener and their sessions), calendar.ts and devices.ts (when and on what),
 * timeline.ts (sessions into plays, year by year), rows.ts (plays into JSON rows), random.ts and time.ts
 * (shared by all).
 *
 * @example
 * ```ts
 * for (const file of generateExtendedHistory({ plays: 20_000 })) {
 *   await Deno.writeTextFile(`out/${file.name.split("/").at(-1)}`, file.json);
 * }
 * ```
 *
 * @module
 */
import { buildCatalogue } from "./catalogue.ts";
import { listenerOf } from "./listening.ts";
import { type Config, FOLDER, type Plan, plan } from "./plan.ts";
import { Random, STREAM } from "./random.ts";
import type { Row } from "./rows.ts";
import { DAY_MS, EXPORT_CUTOFF_MS, FIRST_ALLOWED_YEAR } from "./time.ts";
import { audioRows, videoRows } from "./timeline.ts";

/** One file of the export, as it appears inside Spotify's ZIP. */
export interface GeneratedFile {
  /** Path inside the ZIP, e.g. `Spotify Extended Streaming History/Streaming_History_Audio_2019-2021_3.json`. */
  name: string;
  /** The whole file: a JSON array of rows, pretty-printed like the real files. */
  json: string;
}

/** Options of {@linkcode generateExtendedHistory}. */
export interface GenerateOptions {
  /**
   * Rows in total across all files, odd rows (all-null rows, near-duplicates, audiobooks) included.
   * @default {20_000}
   */
  plays?: number;
  /**
   * Seed of every random choice; the same options always give byte-identical files.
   * @default {1}
   */
  seed?: number;
  /**
   * First year with plays (rows before 2017 go to `endsong_<n>.json` files).
   * @default {2006 when plays >= 100_000, else 2019}
   */
  startYear?: number;
  /**
   * Last year with plays, at most the year of the third day before `exportDate` (2026 by default).
   * @default {the year of the third day before `exportDate`}
   */
  endYear?: number;
  /**
   * The day the export is dated (`YYYY-MM-DD`, UTC): no play ends on or after its midnight, and the two days
   * before it stay empty so that no listening session runs past it. The demo warehouse dates its export three
   * days after the day it is made, so that its last sessions are that day's.
   * @default {"2026-10-31"}
   */
  exportDate?: string;
  /**
   * Target rows per file (real exports split at ~12 MB). Files cut at a year boundary may be up to ~15 %
   * larger.
   * @default {15_500}
   */
  rowsPerFile?: number;
}

/**
 * Generates a listening history in Spotify's Extended Streaming History format, one file at a time.
 *
 * Yields `endsong_<n>.json` files (rows before 2017, old key set), then
 * `Streaming_History_Audio_<years>_<n>.json` files, then one `Streaming_History_Video_<years>.json` file
 * (when the years reach 2017 and there are at least 200 plays). Only one file's rows are held in memory.
 * Options are validated when this function is called, not on the first iteration.
 *
 * @throws {RangeError} when an option is out of range, e.g. `startYear` after `endYear`, or when a year
 * would need more than 200 plays a day.
 */
export function generateExtendedHistory(options: GenerateOptions = {}): Generator<GeneratedFile> {
  const config = resolveOptions(options);
  return generateFiles(config, plan(config));
}

/** Fills in the defaults and checks every option, so that a bad one throws before any work. */
function resolveOptions(options: GenerateOptions): Config {
  const plays = options.plays ?? 20_000;
  checkInteger("plays", plays, 0, Number.MAX_SAFE_INTEGER);
  const seed = options.seed ?? 1;
  checkInteger("seed", seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const cutoffMs = options.exportDate === undefined ? EXPORT_CUTOFF_MS : parseDay(options.exportDate);
  // The last day that may hold plays: the two days before the export's stay empty (an export dated 2 January
  // leaves the new year none).
  const lastYear = new Date(cutoffMs - 3 * DAY_MS).getUTCFullYear();
  const startYear = options.startYear ?? (plays >= 100_000 ? 2006 : 2019);
  checkInteger("startYear", startYear, FIRST_ALLOWED_YEAR, lastYear);
  const endYear = options.endYear ?? lastYear;
  checkInteger("endYear", endYear, startYear, lastYear);
  const rowsPerFile = options.rowsPerFile ?? 15_500;
  checkInteger("rowsPerFile", rowsPerFile, 1, Number.MAX_SAFE_INTEGER);
  return { plays, seed, startYear, endYear, rowsPerFile, cutoffMs };
}

/** Midnight UTC of a `YYYY-MM-DD` day, or a RangeError. */
function parseDay(day: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== day) {
    throw new RangeError(
      `Cannot generate a streaming history: "exportDate" must be a day like 2026-10-31, got "${day}"`,
    );
  }
  return ms;
}

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(
      `Cannot generate a streaming history: "${name}" must be an integer from ${min} to ${max}, got ${value}`,
    );
  }
}

/** Real files are mostly but not strictly sorted: swap about 2 % of rows with a near neighbour. */
function jostle(rows: Row[], rng: Random): void {
  if (rows.length < 2) return;
  const swaps = 1 + Math.round(rows.length * 0.02);
  for (let s = 0; s < swaps; s++) {
    const i = rng.int(rows.length - 1);
    const j = Math.min(rows.length - 1, i + rng.between(1, 40));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
}

/** The years a file's rows span, for the video file's name (its rows follow their own timeline). */
function yearSpan(rows: readonly Row[]): string {
  let first = Infinity, last = -Infinity;
  for (const row of rows) {
    const year = Number((row.ts as string).slice(0, 4));
    first = Math.min(first, year);
    last = Math.max(last, year);
  }
  return first === last ? `${first}` : `${first}-${last}`;
}

/** The planned audio files in order, each cut from one stream of rows, then the video file. */
function* generateFiles(config: Config, layout: Plan): Generator<GeneratedFile> {
  if (config.plays === 0) return;
  const catalogue = buildCatalogue(config.seed);
  const listener = listenerOf(config, catalogue);
  const rows = audioRows(listener, layout);
  for (const [number, file] of layout.files.entries()) {
    const batch: Row[] = new Array(file.end - file.start);
    for (let i = 0; i < batch.length; i++) {
      const next = rows.next();
      if (next.done) throw new Error(`Generator ran out of rows at row ${file.start + i} of ${file.name}`);
      batch[i] = next.value;
    }
    jostle(batch, new Random(config.seed, STREAM.jostle + number));
    yield { name: file.name, json: JSON.stringify(batch, null, 2) };
  }
  if (layout.videoCount > 0) {
    const batch = videoRows(listener, layout);
    jostle(batch, new Random(config.seed, STREAM.jostle + layout.files.length));
    yield {
      name: `${FOLDER}Streaming_History_Video_${yearSpan(batch)}.json`,
      json: JSON.stringify(batch, null, 2),
    };
  }
}
