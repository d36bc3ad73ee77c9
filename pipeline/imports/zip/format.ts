/** What the ZIP reader and writer share: the format's signatures and sizes, errors, CRC-32 and file I/O. */
import { crc32 as nodeCrc32 } from "node:zlib";
import { UserError } from "../../../lib/errors.ts";

/** Raised for every failure; the message names the ZIP file (and entry) and what is wrong. */
export class ZipError extends UserError {
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

export const SIG_LOCAL = 0x04034b50;

export const SIG_CENTRAL = 0x02014b50;

export const SIG_EOCD = 0x06054b50;

export const SIG_ZIP64_EOCD = 0x06064b50;

export const SIG_ZIP64_LOCATOR = 0x07064b50;

export const LOCAL_HEADER_SIZE = 30;

export const CENTRAL_HEADER_SIZE = 46;

export const EOCD_SIZE = 22;

export const ZIP64_EOCD_SIZE = 56;

export const MAX_COMMENT = 0xffff;

export const FLAG_ENCRYPTED = 0x0001;

export const FLAG_UTF8 = 0x0800;

export const EXTRA_UNICODE_PATH = 0x7075;

export const METHOD_STORED = 0;

export const METHOD_DEFLATE = 8;

/** Largest payload of one deflate stored block. */
export const STORED_BLOCK_MAX = 0xffff;

/** Copy chunk: 16 full stored blocks (just under 1 MiB), so stored output has no tiny blocks between chunks. */
export const COPY_CHUNK = 16 * STORED_BLOCK_MAX;

/** Compressed bytes fed to the inflater per step when reading an entry's head. */
export const HEAD_CHUNK = 16 * 1024;

export const ZIP64_MESSAGE = "ZIP64 archives are not supported yet";

export const METHOD_NAMES: Record<number, string> = {
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

export const encoder = new TextEncoder();

/**
 * CRC-32 (IEEE, as used by ZIP and gzip). Pass the previous result as `previous` to continue over chunks.
 * Uses node:zlib's native crc32 (present in Deno 2.9; roughly 10 GB/s).
 */
export function crc32(data: Uint8Array, previous = 0): number {
  return nodeCrc32(data, previous) >>> 0;
}

export async function withFile<T>(
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

/** Fills `buffer` from the file's current position; a short read means the ZIP is truncated. */
export async function readExactly(file: Deno.FsFile, buffer: Uint8Array, context: string): Promise<void> {
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

export async function writeAll(file: Deno.FsFile, data: Uint8Array): Promise<void> {
  for (let written = 0; written < data.length;) {
    written += await file.write(data.subarray(written));
  }
}

export async function copyBytes(
  from: Deno.FsFile,
  to: Deno.FsFile,
  length: number,
  context: string,
): Promise<void> {
  const buffer = new Uint8Array(Math.min(COPY_CHUNK, length));
  for (let remaining = length; remaining > 0;) {
    const chunk = buffer.subarray(0, Math.min(buffer.length, remaining));
    await readExactly(from, chunk, context);
    await writeAll(to, chunk);
    remaining -= chunk.length;
  }
}

export function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function hex(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, "0")}`;
}
