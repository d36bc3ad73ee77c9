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
export { crc32, type ZipEntry, ZipError } from "./format.ts";
export { listZipEntries, readZipEntryHead } from "./read.ts";
export { writeZipEntryAsGzip } from "./gzip.ts";
export { writeZip, type WriteZipOptions, type ZipInput } from "./write.ts";
