/**
 * Minimal ZIP reader/writer for Spotify export archives.
 *
 * DuckDB reads `.gz` files natively but not ZIP. Instead of inflating entries in JavaScript, we read the
 * ZIP's central directory ourselves and re-wrap each entry's raw deflate bytes as a gzip member (gzip header +
 * the same compressed bytes + CRC32/ISIZE trailer from the central directory). Stored (method 0) entries are
 * wrapped as deflate "stored" blocks. Everything is streamed in chunks, so entries of hundreds of megabytes
 * never sit in memory.
 *
 * Not supported (each raises a {@link ZipError}): ZIP64, multi-disk archives, encryption, and compression
 * methods other than stored (0) and deflate (8).
 *
 * @module
 */

import { crc32 as nodeCrc32, deflateRawSync } from "node:zlib";

/** Raised for every failure; the message names the ZIP file (and entry) and what is wrong. */
export class ZipError extends Error {
  override name = "ZipError";
}

/** One entry of a ZIP's central directory. */
export interface ZipEntry {
  /** Path inside the zip, decoded as UTF-8 (flag bit 11, Info-ZIP Unicode Path field, or valid UTF-8) or CP437. */
  name: string;
  /** 0 stored, 8 deflate; other methods raise a {@link ZipError} when the entry is read. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
  localHeaderOffset: number;
  isDirectory: boolean;
  /** A Unix symbolic link (made by a Unix zip, mode 0o120000 in the external attributes). */
  isSymlink: boolean;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const LOCAL_HEADER_SIZE = 30;
const CENTRAL_HEADER_SIZE = 46;
const EOCD_SIZE = 22;
const ZIP64_EOCD_SIZE = 56;
const MAX_COMMENT = 0xffff;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_UTF8 = 0x0800;
const EXTRA_UNICODE_PATH = 0x7075;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;
/** Largest payload of one deflate stored block. */
const STORED_BLOCK_MAX = 0xffff;
/** Copy chunk: 16 full stored blocks (just under 1 MiB), so stored output has no tiny blocks between chunks. */
const COPY_CHUNK = 16 * STORED_BLOCK_MAX;
/** Compressed bytes fed to the inflater per step when reading an entry's head. */
const HEAD_CHUNK = 16 * 1024;
const ZIP64_MESSAGE = "ZIP64 archives are not supported yet";

const METHOD_NAMES: Record<number, string> = {
  1: "shrink",
  6: "implode",
  9: "deflate64",
  12: "bzip2",
  14: "lzma",
  93: "zstd",
  95: "xz",
  98: "ppmd",
  99: "AES encryption",
};

/** Code page 437, bytes 0x80–0xFF (the legacy ZIP name encoding when the UTF-8 flag is not set). */
const CP437_HIGH = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐" +
  "└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0";

const utf8 = new TextDecoder("utf-8");
const utf8Strict = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

/**
 * CRC-32 (IEEE, as used by ZIP and gzip). Pass the previous result as `previous` to continue over chunks.
 * Uses node:zlib's native crc32 (present in Deno 2.9; roughly 10 GB/s).
 */
export function crc32(data: Uint8Array, previous = 0): number {
  return nodeCrc32(data, previous) >>> 0;
}

/** Lists the entries of the ZIP at `path` from its central directory, in directory order. */
export async function listZipEntries(path: string): Promise<ZipEntry[]> {
  const context = `Cannot read ZIP "${path}"`;
  return await withFile(path, context, async (file, size) => {
    const eocd = await findEndOfCentralDirectory(file, size, context);
    return await readCentralDirectory(file, eocd, context);
  });
}

/**
 * Returns the first `maxBytes` bytes of the entry's uncompressed content (fewer if the entry is shorter).
 * Deflate entries are inflated only as far as needed.
 */
export async function readZipEntryHead(path: string, entry: ZipEntry, maxBytes: number): Promise<Uint8Array> {
  const context = `Cannot read "${entry.name}" in ZIP "${path}"`;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
    throw new ZipError(`${context}: maxBytes must be a non-negative integer, got ${maxBytes}`);
  }
  return await withFile(path, context, async (file, size) => {
    const dataStart = await locateEntryData(file, size, entry, context);
    const wanted = Math.min(maxBytes, entry.uncompressedSize);
    if (wanted === 0) return new Uint8Array(0);
    if (entry.method === METHOD_STORED) {
      const out = new Uint8Array(Math.min(wanted, entry.compressedSize));
      await file.seek(dataStart, Deno.SeekMode.Start);
      await readExactly(file, out, context);
      return out;
    }
    return await inflateHead(file, dataStart, entry.compressedSize, wanted, context);
  });
}

/**
 * Writes the entry as a gzip file at `outPath`. Deflate entries are copied without inflating; stored entries
 * are wrapped in deflate stored blocks. The gzip trailer takes CRC-32 and size from the central directory, so
 * a reader such as DuckDB (compression='gzip') verifies the data.
 */
export async function writeZipEntryAsGzip(path: string, entry: ZipEntry, outPath: string): Promise<void> {
  const context = `Cannot write "${entry.name}" from ZIP "${path}" as gzip "${outPath}"`;
  await withFile(path, context, async (file, size) => {
    const dataStart = await locateEntryData(file, size, entry, context);
    if (entry.method === METHOD_STORED && entry.compressedSize !== entry.uncompressedSize) {
      throw new ZipError(
        `${context}: stored entry has compressed size ${entry.compressedSize} but uncompressed size ${entry.uncompressedSize}`,
      );
    }
    let out: Deno.FsFile;
    try {
      out = await Deno.open(outPath, { write: true, create: true, truncate: true });
    } catch (err) {
      throw new ZipError(`${context}: cannot create output: ${describe(err)}`, { cause: err });
    }
    try {
      await file.seek(dataStart, Deno.SeekMode.Start);
      await writeAll(out, gzipHeader());
      if (entry.method === METHOD_STORED) {
        await copyAsStoredBlocks(file, out, entry, context);
      } else if (entry.compressedSize === 0 && entry.uncompressedSize === 0) {
        // Some writers emit zero bytes for an empty deflate entry; gzip needs a real (empty, final) block.
        await writeAll(out, new Uint8Array([0x03, 0x00]));
      } else {
        await copyBytes(file, out, entry.compressedSize, context);
      }
      await writeAll(out, gzipTrailer(entry.crc32, entry.uncompressedSize));
    } catch (err) {
      out.close();
      await Deno.remove(outPath).catch(() => {});
      throw err instanceof ZipError ? err : new ZipError(`${context}: ${describe(err)}`, { cause: err });
    }
    out.close();
  });
}

/** Options for {@link writeZip}. */
export interface WriteZipOptions {
  /** Write entries uncompressed (method 0) instead of deflated. Default: `false`. */
  store?: boolean;
}

/** One file to put in a ZIP; string data is written as UTF-8. */
export interface ZipInput {
  name: string;
  data: Uint8Array | string;
}

/**
 * Writes a ZIP at `outPath` (for test fixtures and benchmarks). Entries are compressed and written one at a
 * time, names are flagged UTF-8, and timestamps are fixed at 1980-01-01 so output is reproducible. A name
 * ending in "/" with empty data is a directory entry. Archives that would need ZIP64 are rejected.
 */
export async function writeZip(
  outPath: string,
  entries: Iterable<ZipInput> | AsyncIterable<ZipInput>,
  options: WriteZipOptions = {},
): Promise<void> {
  const { store = false } = options;
  const context = `Cannot write ZIP "${outPath}"`;
  let out: Deno.FsFile;
  try {
    out = await Deno.open(outPath, { write: true, create: true, truncate: true });
  } catch (err) {
    throw new ZipError(`${context}: ${describe(err)}`, { cause: err });
  }
  try {
    const central: Uint8Array[] = [];
    let offset = 0;
    for await (const { name, data } of entries) {
      const nameBytes = encoder.encode(name);
      if (nameBytes.length === 0 || nameBytes.length > 0xffff) {
        throw new ZipError(
          `${context}: entry name must be 1 to 65535 bytes, got ${nameBytes.length}: "${name}"`,
        );
      }
      const raw = typeof data === "string" ? encoder.encode(data) : data;
      const method = store ? METHOD_STORED : METHOD_DEFLATE;
      const body = store ? raw : deflateRawSync(raw);
      const crc = crc32(raw);
      if (raw.length >= 0xffffffff || body.length >= 0xffffffff || offset >= 0xffffffff) {
        throw new ZipError(`${context}: entry "${name}" would need ZIP64 (over 4 GiB); ${ZIP64_MESSAGE}`);
      }
      const isDirectory = name.endsWith("/") && raw.length === 0;
      const header = { nameBytes, method, crc, compressedSize: body.length, size: raw.length };
      await writeAll(out, localHeader(header));
      await writeAll(out, body);
      central.push(centralHeader(header, offset, isDirectory));
      offset += LOCAL_HEADER_SIZE + nameBytes.length + body.length;
    }
    const centralSize = central.reduce((sum, part) => sum + part.length, 0);
    if (central.length > 0xffff || offset >= 0xffffffff || offset + centralSize >= 0xffffffff) {
      throw new ZipError(
        `${context}: ${central.length} entries / ${offset} bytes would need ZIP64; ${ZIP64_MESSAGE}`,
      );
    }
    for (const part of central) await writeAll(out, part);
    await writeAll(out, endOfCentralDirectory(central.length, centralSize, offset));
  } catch (err) {
    out.close();
    await Deno.remove(outPath).catch(() => {});
    throw err instanceof ZipError ? err : new ZipError(`${context}: ${describe(err)}`, { cause: err });
  }
  out.close();
}

// ---------------------------------------------------------------------------------------------------------
// Reading

interface EndOfCentralDirectory {
  offset: number;
  entryCount: number;
  centralSize: number;
  centralOffset: number;
}

async function withFile<T>(
  path: string,
  context: string,
  fn: (file: Deno.FsFile, size: number) => Promise<T>,
): Promise<T> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (err) {
    throw new ZipError(`${context}: ${describe(err)}`, { cause: err });
  }
  try {
    const { size, isFile } = await file.stat();
    if (!isFile) throw new ZipError(`${context}: not a regular file`);
    return await fn(file, size);
  } catch (err) {
    throw err instanceof ZipError ? err : new ZipError(`${context}: ${describe(err)}`, { cause: err });
  } finally {
    file.close();
  }
}

async function findEndOfCentralDirectory(
  file: Deno.FsFile,
  size: number,
  context: string,
): Promise<EndOfCentralDirectory> {
  if (size === 0) throw new ZipError(`${context}: file is empty (0 bytes), not a ZIP file`);
  const notZip = `${context}: no end-of-central-directory record (not a ZIP file or truncated)`;
  if (size < EOCD_SIZE) throw new ZipError(notZip);
  const tailStart = Math.max(0, size - EOCD_SIZE - MAX_COMMENT);
  const tail = new Uint8Array(size - tailStart);
  await file.seek(tailStart, Deno.SeekMode.Start);
  await readExactly(file, tail, context);
  const view = new DataView(tail.buffer);
  // Scan backwards: the record is followed only by its comment, whose length it states.
  let found = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (view.getUint32(i, true) !== SIG_EOCD) continue;
    if (i + EOCD_SIZE + view.getUint16(i + 20, true) <= tail.length) {
      found = i;
      break;
    }
  }
  if (found < 0) throw new ZipError(notZip);
  const offset = tailStart + found;
  const diskNumber = view.getUint16(found + 4, true);
  const centralDisk = view.getUint16(found + 6, true);
  const entriesOnDisk = view.getUint16(found + 8, true);
  const entryCount = view.getUint16(found + 10, true);
  const centralSize = view.getUint32(found + 12, true);
  const centralOffset = view.getUint32(found + 16, true);
  if (centralSize === 0xffffffff || centralOffset === 0xffffffff) {
    throw new ZipError(`${context}: ${ZIP64_MESSAGE}`);
  }
  if (found >= 20 && view.getUint32(found - 20, true) === SIG_ZIP64_LOCATOR) {
    // Info-ZIP writes ZIP64 end records whenever it compresses a stream, even for tiny archives. Those are
    // fine as long as they only repeat what the classic record says; anything beyond that is real ZIP64.
    const zip64Offset = Number(view.getBigUint64(found - 20 + 8, true));
    const zip64 = await readZip64End(file, size, zip64Offset, context);
    if (
      zip64 === undefined || zip64.entryCount !== entryCount || zip64.centralSize !== centralSize ||
      zip64.centralOffset !== centralOffset
    ) {
      throw new ZipError(`${context}: ${ZIP64_MESSAGE}`);
    }
  }
  if (diskNumber !== 0 || centralDisk !== 0 || entriesOnDisk !== entryCount) {
    throw new ZipError(`${context}: split (multi-disk) archives are not supported (disk ${diskNumber})`);
  }
  if (centralOffset + centralSize > offset) {
    throw new ZipError(
      `${context}: central directory (offset ${centralOffset}, ${centralSize} bytes) runs past the end-of-central-directory record at ${offset} (truncated or corrupt)`,
    );
  }
  return { offset, entryCount, centralSize, centralOffset };
}

/** The ZIP64 end-of-central-directory record's counts, or undefined if there is none at `offset`. */
async function readZip64End(
  file: Deno.FsFile,
  size: number,
  offset: number,
  context: string,
): Promise<{ entryCount: number; centralSize: number; centralOffset: number } | undefined> {
  if (offset + ZIP64_EOCD_SIZE > size) return undefined;
  const record = new Uint8Array(ZIP64_EOCD_SIZE);
  await file.seek(offset, Deno.SeekMode.Start);
  await readExactly(file, record, context);
  const view = new DataView(record.buffer);
  if (view.getUint32(0, true) !== SIG_ZIP64_EOCD) return undefined;
  return {
    entryCount: Number(view.getBigUint64(32, true)),
    centralSize: Number(view.getBigUint64(40, true)),
    centralOffset: Number(view.getBigUint64(48, true)),
  };
}

async function readCentralDirectory(
  file: Deno.FsFile,
  eocd: EndOfCentralDirectory,
  context: string,
): Promise<ZipEntry[]> {
  const dir = new Uint8Array(eocd.centralSize);
  await file.seek(eocd.centralOffset, Deno.SeekMode.Start);
  await readExactly(file, dir, context);
  const view = new DataView(dir.buffer);
  const entries: ZipEntry[] = [];
  let pos = 0;
  for (let index = 0; index < eocd.entryCount; index++) {
    const where = `central directory entry ${index} (offset ${eocd.centralOffset + pos})`;
    if (pos + CENTRAL_HEADER_SIZE > dir.length || view.getUint32(pos, true) !== SIG_CENTRAL) {
      throw new ZipError(`${context}: bad signature in ${where} (corrupt or truncated)`);
    }
    const flags = view.getUint16(pos + 8, true);
    const method = view.getUint16(pos + 10, true);
    const crc = view.getUint32(pos + 16, true);
    const compressedSize = view.getUint32(pos + 20, true);
    const uncompressedSize = view.getUint32(pos + 24, true);
    const nameLength = view.getUint16(pos + 28, true);
    const extraLength = view.getUint16(pos + 30, true);
    const commentLength = view.getUint16(pos + 32, true);
    const localHeaderOffset = view.getUint32(pos + 42, true);
    const madeByUnix = view.getUint8(pos + 5) === 3;
    const unixMode = view.getUint32(pos + 38, true) >>> 16;
    const nameStart = pos + CENTRAL_HEADER_SIZE;
    const next = nameStart + nameLength + extraLength + commentLength;
    if (next > dir.length) throw new ZipError(`${context}: ${where} runs past the central directory`);
    const nameBytes = dir.subarray(nameStart, nameStart + nameLength);
    const extra = dir.subarray(nameStart + nameLength, nameStart + nameLength + extraLength);
    const name = decodeName(nameBytes, extra, flags);
    if (
      compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localHeaderOffset === 0xffffffff
    ) {
      throw new ZipError(`${context}: entry "${name}" uses ZIP64 fields; ${ZIP64_MESSAGE}`);
    }
    if (localHeaderOffset + LOCAL_HEADER_SIZE + nameLength + compressedSize > eocd.centralOffset) {
      throw new ZipError(
        `${context}: entry "${name}" (${compressedSize} bytes at offset ${localHeaderOffset}) runs past the start of the central directory at ${eocd.centralOffset} (truncated or corrupt)`,
      );
    }
    entries.push({
      name,
      method,
      compressedSize,
      uncompressedSize,
      crc32: crc,
      localHeaderOffset,
      isDirectory: name.endsWith("/"),
      isSymlink: madeByUnix && (unixMode & 0o170000) === 0o120000,
    });
    pos = next;
  }
  return entries;
}

function decodeName(bytes: Uint8Array, extra: Uint8Array, flags: number): string {
  if (flags & FLAG_UTF8) return utf8.decode(bytes);
  const unicodePath = findUnicodePath(bytes, extra);
  if (unicodePath !== undefined) return unicodePath;
  // ASCII decodes the same either way. macOS Archive Utility and others write UTF-8 without setting the flag;
  // valid multi-byte UTF-8 is practically never meaningful CP437, so prefer it.
  try {
    return utf8Strict.decode(bytes);
  } catch {
    let name = "";
    for (const b of bytes) name += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80];
    return name;
  }
}

/** Info-ZIP Unicode Path extra field (0x7075): version 1, CRC-32 of the header name, UTF-8 name. */
function findUnicodePath(nameBytes: Uint8Array, extra: Uint8Array): string | undefined {
  const view = new DataView(extra.buffer, extra.byteOffset, extra.byteLength);
  for (let pos = 0; pos + 4 <= extra.length;) {
    const id = view.getUint16(pos, true);
    const length = view.getUint16(pos + 2, true);
    const body = pos + 4;
    if (body + length > extra.length) return undefined;
    if (id === EXTRA_UNICODE_PATH && length >= 5 && extra[body] === 1) {
      if (view.getUint32(body + 1, true) === crc32(nameBytes)) {
        return utf8.decode(extra.subarray(body + 5, body + length));
      }
    }
    pos = body + length;
  }
  return undefined;
}

/** Validates the local header and method; returns the file offset of the entry's compressed data. */
async function locateEntryData(
  file: Deno.FsFile,
  size: number,
  entry: ZipEntry,
  context: string,
): Promise<number> {
  if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATE) {
    const label = METHOD_NAMES[entry.method] ? ` (${METHOD_NAMES[entry.method]})` : "";
    throw new ZipError(
      `${context}: compression method ${entry.method}${label} is not supported (only 0 stored and 8 deflate)`,
    );
  }
  if (entry.localHeaderOffset + LOCAL_HEADER_SIZE > size) {
    throw new ZipError(
      `${context}: local header offset ${entry.localHeaderOffset} is past the end of the file (${size} bytes)`,
    );
  }
  const header = new Uint8Array(LOCAL_HEADER_SIZE);
  await file.seek(entry.localHeaderOffset, Deno.SeekMode.Start);
  await readExactly(file, header, context);
  const view = new DataView(header.buffer);
  if (view.getUint32(0, true) !== SIG_LOCAL) {
    throw new ZipError(`${context}: no local file header at offset ${entry.localHeaderOffset} (corrupt ZIP)`);
  }
  if (view.getUint16(6, true) & FLAG_ENCRYPTED) {
    throw new ZipError(`${context}: entry is encrypted; encrypted ZIP entries are not supported`);
  }
  const dataStart = entry.localHeaderOffset + LOCAL_HEADER_SIZE + view.getUint16(26, true) +
    view.getUint16(28, true);
  if (dataStart + entry.compressedSize > size) {
    throw new ZipError(
      `${context}: entry data (${entry.compressedSize} bytes at offset ${dataStart}) runs past the end of the file (${size} bytes); the ZIP is truncated`,
    );
  }
  return dataStart;
}

async function inflateHead(
  file: Deno.FsFile,
  dataStart: number,
  compressedSize: number,
  wanted: number,
  context: string,
): Promise<Uint8Array> {
  await file.seek(dataStart, Deno.SeekMode.Start);
  let remaining = compressedSize;
  let pending: Promise<void> = Promise.resolve();
  const source = new ReadableStream<Uint8Array<ArrayBuffer>>({
    pull(controller) {
      if (remaining === 0) {
        controller.close();
        return;
      }
      const chunk = new Uint8Array(Math.min(HEAD_CHUNK, remaining));
      remaining -= chunk.length;
      pending = readExactly(file, chunk, context).then(() => controller.enqueue(chunk));
      return pending;
    },
  }, { highWaterMark: 0 });
  const reader = source.pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const out = new Uint8Array(wanted);
  let filled = 0;
  try {
    while (filled < wanted) {
      const { done, value } = await reader.read();
      if (done) break;
      const take = Math.min(value.length, wanted - filled);
      out.set(value.subarray(0, take), filled);
      filled += take;
    }
  } catch (err) {
    throw err instanceof ZipError ? err : new ZipError(`${context}: invalid deflate data: ${describe(err)}`, {
      cause: err,
    });
  } finally {
    await reader.cancel().catch(() => {});
    // Let an in-flight file read finish before the caller closes the file.
    await pending.catch(() => {});
  }
  if (filled < wanted) {
    throw new ZipError(`${context}: deflate data ended after ${filled} bytes, expected at least ${wanted}`);
  }
  return out;
}

/** Fills `buffer` from the file's current position; a short read means the ZIP is truncated. */
async function readExactly(file: Deno.FsFile, buffer: Uint8Array, context: string): Promise<void> {
  let filled = 0;
  while (filled < buffer.length) {
    const n = await file.read(buffer.subarray(filled));
    if (n === null) {
      throw new ZipError(
        `${context}: unexpected end of file (wanted ${buffer.length} bytes, got ${filled}); the ZIP is truncated`,
      );
    }
    filled += n;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Writing

async function writeAll(file: Deno.FsFile, data: Uint8Array): Promise<void> {
  for (let written = 0; written < data.length;) {
    written += await file.write(data.subarray(written));
  }
}

async function copyBytes(from: Deno.FsFile, to: Deno.FsFile, length: number, context: string): Promise<void> {
  const buffer = new Uint8Array(Math.min(COPY_CHUNK, length));
  for (let remaining = length; remaining > 0;) {
    const chunk = buffer.subarray(0, Math.min(buffer.length, remaining));
    await readExactly(from, chunk, context);
    await writeAll(to, chunk);
    remaining -= chunk.length;
  }
}

/** Writes the stored entry's bytes as deflate stored blocks, checking the CRC-32 on the way. */
async function copyAsStoredBlocks(
  from: Deno.FsFile,
  to: Deno.FsFile,
  entry: ZipEntry,
  context: string,
): Promise<void> {
  const total = entry.uncompressedSize;
  const input = new Uint8Array(Math.min(COPY_CHUNK, total));
  const output = new Uint8Array(input.length + 5 * Math.max(1, Math.ceil(input.length / STORED_BLOCK_MAX)));
  let crc = 0;
  let done = 0;
  do {
    const chunk = input.subarray(0, Math.min(input.length, total - done));
    await readExactly(from, chunk, context);
    crc = crc32(chunk, crc);
    let o = 0;
    let i = 0;
    do {
      const length = Math.min(STORED_BLOCK_MAX, chunk.length - i);
      const final = done + i + length === total;
      output[o] = final ? 1 : 0; // BFINAL bit, BTYPE 00, padding to the byte boundary
      output[o + 1] = length & 0xff;
      output[o + 2] = length >>> 8;
      output[o + 3] = ~length & 0xff;
      output[o + 4] = (~length >>> 8) & 0xff;
      output.set(chunk.subarray(i, i + length), o + 5);
      o += 5 + length;
      i += length;
    } while (i < chunk.length);
    await writeAll(to, output.subarray(0, o));
    done += chunk.length;
  } while (done < total);
  if (crc !== entry.crc32) {
    throw new ZipError(
      `${context}: CRC-32 mismatch (data ${hex(crc)}, central directory ${hex(entry.crc32)})`,
    );
  }
}

function gzipHeader(): Uint8Array {
  // ID1 ID2, CM=8 deflate, FLG=0, MTIME=0, XFL=0, OS=255 (unknown)
  return new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);
}

function gzipTrailer(crc: number, size: number): Uint8Array {
  const trailer = new Uint8Array(8);
  const view = new DataView(trailer.buffer);
  view.setUint32(0, crc >>> 0, true);
  view.setUint32(4, size >>> 0, true);
  return trailer;
}

interface HeaderFields {
  nameBytes: Uint8Array;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
}

const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;

function localHeader(h: HeaderFields): Uint8Array {
  const bytes = new Uint8Array(LOCAL_HEADER_SIZE + h.nameBytes.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, SIG_LOCAL, true);
  view.setUint16(4, h.method === METHOD_STORED ? 10 : 20, true); // version needed
  view.setUint16(6, FLAG_UTF8, true);
  view.setUint16(8, h.method, true);
  view.setUint16(10, 0, true); // time 00:00:00
  view.setUint16(12, DOS_DATE_1980_01_01, true);
  view.setUint32(14, h.crc, true);
  view.setUint32(18, h.compressedSize, true);
  view.setUint32(22, h.size, true);
  view.setUint16(26, h.nameBytes.length, true);
  view.setUint16(28, 0, true); // extra length
  bytes.set(h.nameBytes, LOCAL_HEADER_SIZE);
  return bytes;
}

function centralHeader(h: HeaderFields, localOffset: number, isDirectory: boolean): Uint8Array {
  const bytes = new Uint8Array(CENTRAL_HEADER_SIZE + h.nameBytes.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, SIG_CENTRAL, true);
  view.setUint16(4, (3 << 8) | 20, true); // made by: Unix, spec 2.0
  view.setUint16(6, h.method === METHOD_STORED ? 10 : 20, true);
  view.setUint16(8, FLAG_UTF8, true);
  view.setUint16(10, h.method, true);
  view.setUint16(12, 0, true);
  view.setUint16(14, DOS_DATE_1980_01_01, true);
  view.setUint32(16, h.crc, true);
  view.setUint32(20, h.compressedSize, true);
  view.setUint32(24, h.size, true);
  view.setUint16(28, h.nameBytes.length, true);
  // extra length, comment length, disk start, internal attributes: 0
  const mode = isDirectory ? 0o40755 : 0o100644;
  view.setUint32(38, ((mode << 16) | (isDirectory ? 0x10 : 0)) >>> 0, true);
  view.setUint32(42, localOffset, true);
  bytes.set(h.nameBytes, CENTRAL_HEADER_SIZE);
  return bytes;
}

function endOfCentralDirectory(count: number, centralSize: number, centralOffset: number): Uint8Array {
  const bytes = new Uint8Array(EOCD_SIZE);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, SIG_EOCD, true);
  view.setUint16(8, count, true);
  view.setUint16(10, count, true);
  view.setUint32(12, centralSize, true);
  view.setUint32(16, centralOffset, true);
  return bytes;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, "0")}`;
}
