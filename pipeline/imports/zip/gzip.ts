/**
 * An entry re-wrapped as a gzip member for DuckDB, without inflating it: the same deflate bytes between a gzip
 * header and a CRC-32/size trailer; stored entries as deflate stored blocks.
 */
import {
  COPY_CHUNK,
  copyBytes,
  crc32,
  describe,
  hex,
  METHOD_STORED,
  readExactly,
  STORED_BLOCK_MAX,
  withFile,
  writeAll,
  ZipEntry,
  ZipError,
} from "./format.ts";
import { locateEntryData } from "./read.ts";

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
