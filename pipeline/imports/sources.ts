/**
 * Turns the paths a user gave (export ZIPs, folders, single JSON files, in any mix) into the list of play files
 * DuckDB will read. ZIP entries are never unpacked: their deflate bytes are re-wrapped as gzip files in `tmpDir`
 * (compressed size on disk, nothing inflated in JavaScript), which DuckDB reads natively.
 */
import { basename, join, relative } from "node:path";
import { listZipEntries, readZipEntryHead, writeZipEntryAsGzip, type ZipEntry } from "./zip/mod.ts";
import { type PlayFormat, type Sniffed, sniffFormat } from "./sniff.ts";
import { UserError } from "../../lib/errors.ts";

/** A play history file, ready for DuckDB. */
export interface PlayFile {
  /** Name shown in reports and stored in raw tables, e.g. `my_spotify_data.zip/Spotify Extended…/…json`. */
  sourceFile: string;
  /** Path DuckDB reads (the file itself, or a re-wrapped `.gz` in tmpDir). */
  duckdbPath: string;
  format: PlayFormat;
}

export interface Collected {
  files: PlayFile[];
  /** Empty play lists: reported with zero rows. */
  empty: string[];
  /** Files that are not play histories (PDFs, READMEs, Userdata.json …), with why. */
  skipped: { file: string; reason: string }[];
}

export class SourceError extends UserError {}

/** How much of a file is read to tell what it is: 64 KiB, more only when the first row is longer. */
const HEAD_SIZES = [64 * 1024, 1024 * 1024, 32 * 1024 * 1024];

/**
 * ZIP bomb limits. Real play files are at most ~15 MB and compress 8-15x; a heavy listener's whole export is
 * ~300 MB of JSON. Entries above these are refused before anything is decompressed.
 */
export const ZIP_LIMITS = {
  /** Largest uncompressed size of one entry. */
  entryBytes: 1024 ** 3,
  /** Largest uncompressed size of all play files in one ZIP. */
  totalBytes: 4 * 1024 ** 3,
  /** Largest compression ratio of an entry over 1 MiB. */
  ratio: 100,
};

/** Collects the play files under `paths`. Throws `SourceError` for a path that cannot be imported at all. */
export async function collectSources(paths: string[], tmpDir: string): Promise<Collected> {
  const collected: Collected = { files: [], empty: [], skipped: [] };
  const seen = new Set<string>();
  for (const path of paths) {
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(path);
    } catch (error) {
      throw new SourceError(`Cannot read "${path}": ${(error as Error).message}`);
    }
    if (info.isDirectory) {
      for (const file of await listFolder(path)) {
        await collectFile(file, join(basename(path), relative(path, file)), false, collected, tmpDir, seen);
      }
    } else {
      await collectFile(path, basename(path), true, collected, tmpDir, seen);
    }
  }
  return collected;
}

async function collectFile(
  path: string,
  sourceFile: string,
  explicit: boolean,
  collected: Collected,
  tmpDir: string,
  seen: Set<string>,
): Promise<void> {
  const head = await readHead(path, HEAD_SIZES[0]);
  if (isZip(head)) {
    await collectZip(path, sourceFile, collected, tmpDir, seen);
    return;
  }
  const sniffed = await sniffGrowing((size) => readHead(path, size));
  const duckdbPath = await Deno.realPath(path);
  if (sniffed.kind === "plays" && collected.files.some((file) => file.duckdbPath === duckdbPath)) {
    collected.skipped.push({ file: sourceFile, reason: "the same file was given twice" });
  } else if (sniffed.kind === "plays") {
    collected.files.push({ sourceFile: uniqueName(sourceFile, seen), duckdbPath, format: sniffed.format });
  } else if (sniffed.kind === "empty") {
    collected.empty.push(sourceFile);
  } else if (sniffed.kind === "invalid" || explicit) {
    throw new SourceError(`Cannot import "${path}": ${sniffed.reason}`);
  } else {
    collected.skipped.push({ file: sourceFile, reason: sniffed.reason });
  }
}

async function collectZip(
  path: string,
  zipName: string,
  collected: Collected,
  tmpDir: string,
  seen: Set<string>,
): Promise<void> {
  const entries = await listZipEntries(path);
  let total = 0;
  for (const entry of entries) {
    if (entry.isDirectory) continue;
    if (entry.isSymlink) {
      collected.skipped.push({ file: `${zipName}/${entry.name}`, reason: "a symbolic link, not a file" });
      continue;
    }
    checkZipBomb(path, entry);
    total += entry.uncompressedSize;
    if (total > ZIP_LIMITS.totalBytes) {
      throw new SourceError(
        `Cannot import "${path}": its files add up to more than ${ZIP_LIMITS.totalBytes / 1024 ** 3} GiB ` +
          "uncompressed, far beyond any Spotify export",
      );
    }
    const entryName = `${zipName}/${entry.name}`;
    const sniffed = await sniffGrowing(async (size) => {
      const bytes = await readZipEntryHead(path, entry, size);
      return { bytes, complete: bytes.length >= entry.uncompressedSize };
    });
    if (sniffed.kind === "plays") {
      const duckdbPath = join(tmpDir, `${collected.files.length + 1}.json.gz`);
      await writeZipEntryAsGzip(path, entry, duckdbPath);
      collected.files.push({ sourceFile: uniqueName(entryName, seen), duckdbPath, format: sniffed.format });
    } else if (sniffed.kind === "empty") {
      collected.empty.push(entryName);
    } else if (sniffed.kind === "invalid") {
      throw new SourceError(`Cannot import "${entry.name}" in "${path}": ${sniffed.reason}`);
    } else if (/\.zip$/i.test(entry.name)) {
      collected.skipped.push({ file: entryName, reason: "a ZIP inside a ZIP: unpack the outer one first" });
    } else {
      collected.skipped.push({ file: entryName, reason: sniffed.reason });
    }
  }
}

function checkZipBomb(path: string, entry: ZipEntry): void {
  const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
  if (entry.uncompressedSize > ZIP_LIMITS.entryBytes) {
    throw new SourceError(
      `Cannot import "${entry.name}" in "${path}": ${entry.uncompressedSize} bytes uncompressed is more than ` +
        `${ZIP_LIMITS.entryBytes / 1024 ** 3} GiB`,
    );
  }
  if (entry.uncompressedSize > 1024 ** 2 && ratio > ZIP_LIMITS.ratio) {
    throw new SourceError(
      `Cannot import "${entry.name}" in "${path}": it expands ${Math.round(ratio)} times (a ZIP bomb?); ` +
        `play files expand at most ~15 times`,
    );
  }
}

/** The same file name twice (two folders of one export) must stay two names in reports. */
function uniqueName(name: string, seen: Set<string>): string {
  let candidate = name;
  for (let n = 2; seen.has(candidate); n++) candidate = `${name} (${n})`;
  seen.add(candidate);
  return candidate;
}

async function listFolder(folder: string): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(folder)) {
    const path = join(folder, entry.name);
    if (entry.isDirectory) files.push(...await listFolder(path));
    else if (entry.isFile) files.push(path);
  }
  return files.sort();
}

/** Sniffs the first 64 KiB, and reads further only while the first row has not ended yet. */
async function sniffGrowing(
  read: (size: number) => Promise<{ bytes: Uint8Array; complete: boolean }>,
): Promise<Sniffed> {
  let sniffed: Sniffed = { kind: "other", reason: "empty file" };
  for (const size of HEAD_SIZES) {
    const head = await read(size);
    sniffed = sniffFormat(head.bytes, { complete: head.complete });
    if (head.complete || !(sniffed.kind === "invalid" && /too large|larger than/.test(sniffed.reason))) break;
  }
  return sniffed;
}

async function readHead(path: string, size: number): Promise<{ bytes: Uint8Array; complete: boolean }> {
  using file = await Deno.open(path);
  const buffer = new Uint8Array(size);
  let filled = 0;
  while (filled < buffer.length) {
    const read = await file.read(buffer.subarray(filled));
    if (read === null) return { bytes: buffer.subarray(0, filled), complete: true };
    filled += read;
  }
  return { bytes: buffer, complete: false };
}

function isZip(head: { bytes: Uint8Array }): boolean {
  const [p, k, a, b] = head.bytes;
  return p === 0x50 && k === 0x4b && ((a === 3 && b === 4) || (a === 5 && b === 6));
}
