/**
 * Reading a ZIP: its central directory (entry names in UTF-8 or CP437), an entry's local header, and the first
 * bytes of an entry, inflated only as far as needed.
 */
import {
  CENTRAL_HEADER_SIZE,
  crc32,
  describe,
  EOCD_SIZE,
  EXTRA_UNICODE_PATH,
  FLAG_ENCRYPTED,
  FLAG_UTF8,
  HEAD_CHUNK,
  LOCAL_HEADER_SIZE,
  MAX_COMMENT,
  METHOD_DEFLATE,
  METHOD_NAMES,
  METHOD_STORED,
  readExactly,
  SIG_CENTRAL,
  SIG_EOCD,
  SIG_LOCAL,
  SIG_ZIP64_EOCD,
  SIG_ZIP64_LOCATOR,
  withFile,
  ZIP64_EOCD_SIZE,
  ZIP64_MESSAGE,
  ZipEntry,
  ZipError,
} from "./format.ts";

/** Code page 437, bytes 0x80–0xFF (the legacy ZIP name encoding when the UTF-8 flag is not set). */
const CP437_HIGH = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐" +
  "└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0";

const utf8 = new TextDecoder("utf-8");

const utf8Strict = new TextDecoder("utf-8", { fatal: true });

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

interface EndOfCentralDirectory {
  offset: number;
  entryCount: number;
  centralSize: number;
  centralOffset: number;
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
export async function locateEntryData(
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
