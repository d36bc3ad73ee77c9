/** Writing a ZIP (deflate, streamed): the benchmarks and tests make their export archives with it. */
import { deflateRawSync } from "node:zlib";
import {
  CENTRAL_HEADER_SIZE,
  crc32,
  describe,
  encoder,
  EOCD_SIZE,
  FLAG_UTF8,
  LOCAL_HEADER_SIZE,
  METHOD_DEFLATE,
  METHOD_STORED,
  SIG_CENTRAL,
  SIG_EOCD,
  SIG_LOCAL,
  writeAll,
  ZIP64_MESSAGE,
  ZipError,
} from "./format.ts";

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
