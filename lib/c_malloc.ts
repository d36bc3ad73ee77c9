/**
 * The C library's malloc settings, changed while the program runs: glibc's `mallopt`, through Deno's FFI.
 * GLIBC_TUNABLES (deno.json's tasks, the Docker image) sets them for the whole process before it starts
 * (LEAN_C_MALLOC); every command but `serve` then runs on WORKING_C_MALLOC (main.ts). DuckDB's own blocks come
 * from its jemalloc, but everything else it allocates (C++ `new`, the zstd contexts of its temp files) comes
 * from here.
 */

/** Where a block is mapped on its own instead of coming from the heap, and how much free heap is kept. */
export interface CMallocOptions {
  /** Blocks of this many bytes and more are mapped on their own, and unmapped (given back) when freed. */
  mmapThreshold: number;
  /** Free memory at the top of a heap above this many bytes is given back to the system. */
  trimThreshold: number;
}

/**
 * What GLIBC_TUNABLES sets: two arenas and blocks of 128 KiB and more mapped on their own, so freed ones go back
 * at once (the server's and an import's peak ~20 MB lower on a 2-core box); the trim threshold is glibc's
 * default. The server runs on it.
 */
export const LEAN_C_MALLOC: CMallocOptions = { mmapThreshold: 128 * 1024, trimThreshold: 128 * 1024 };

/**
 * For work that spills: when a query needs more than DuckDB's memory_limit, DuckDB writes blocks to its temp
 * files, each compressed with zstd in a context of its own, a 532 KiB malloc (1.5 MiB at higher levels) per
 * block written. At LEAN_C_MALLOC's 128 KiB every one was mapped fresh and unmapped again: a 350k import wrote
 * ~3,300 blocks, ~350,000 of its ~430,000 fresh pages (about 4 s of kernel time at 11 us a page). Blocks under
 * 1 MiB from the heap, and up to 2 MiB of free heap kept: ~280,000 fresh pages, 10.1-12.8 -> 8.6-10.3 s in
 * interleaved runs of `deno task import`, the peak a few MB higher (bench: 287-288 -> 291-297 MB; goal 300).
 * Measured 2026-12-06 and left: glibc's own adjustment of the threshold (as without GLIBC_TUNABLES), ~265,000
 * pages but a peak 8-12 MB higher; 2 MiB / 4 MiB, ~250,000 pages, peak ~8 MB higher; 1 MiB with the default trim
 * threshold, ~355,000 (the freed context given back from the heap's top each time); a 1 MiB trim threshold, no
 * lower peak. A server's pages do not spill (no zstd context while every page was loaded), so it keeps
 * LEAN_C_MALLOC; its jobs do, but raising it for them made no difference measured (an upload's 350k import in
 * `serve`: 115-145k fresh pages and 336-338 MB either way).
 */
export const WORKING_C_MALLOC: CMallocOptions = {
  mmapThreshold: 1024 * 1024,
  trimThreshold: 2 * 1024 * 1024,
};

// glibc's malloc.h
const M_TRIM_THRESHOLD = -1;
const M_MMAP_THRESHOLD = -3;

let libc: Deno.DynamicLibrary<{ mallopt: { parameters: ["i32", "i32"]; result: "i32" } }> | null | undefined;

/** glibc, or null where there is none (macOS, musl) or FFI is not allowed. */
function openLibc() {
  if (libc === undefined) {
    try {
      libc = Deno.dlopen("libc.so.6", { mallopt: { parameters: ["i32", "i32"], result: "i32" } });
    } catch {
      libc = null;
    }
  }
  return libc;
}

/**
 * Sets glibc's thresholds; false where there is no glibc (the settings then are the system's, and nothing else
 * changes). Setting the map threshold turns off glibc's own adjustment of it, as GLIBC_TUNABLES does.
 */
export function setCMalloc(options: CMallocOptions): boolean {
  const lib = openLibc();
  if (!lib) return false;
  // mallopt answers 1 when it took the value
  return lib.symbols.mallopt(M_MMAP_THRESHOLD, options.mmapThreshold) === 1 &&
    lib.symbols.mallopt(M_TRIM_THRESHOLD, options.trimThreshold) === 1;
}
