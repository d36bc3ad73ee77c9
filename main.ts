/**
 * Music Tracker's entry point: sets how DuckDB's memory allocator gives memory back, then runs the command line
 * (cli/main.ts). Nothing that loads DuckDB is imported before that: jemalloc reads its options once, when the
 * library loads.
 */

/**
 * jemalloc keeps freed memory for ~10 s before handing it back, and never while the program is idle: a server
 * would keep its peak for good, and an import's working memory piles up beside DuckDB's memory_limit. Freed
 * blocks of 256 KiB and more (DuckDB's buffers, hash tables, sort runs) go back at once; a background thread
 * returns the rest. No per-thread caches (`tcache:false`): each of the threads that run DuckDB's work kept its own
 * freed small blocks, ~25 MB of a server that rendered 60 pages (220 -> 195 MB), for no measurable page time.
 * DUCKDB_JE_MALLOC_CONF in the environment wins.
 *
 * The price is page faults: memory handed back comes back as fresh pages. Measured on the benchmark VM on
 * 2026-12-06, when a fresh 4 KiB page cost 10-11 us (`deno task bench` prints it; a machine that is not virtualised
 * commonly takes about 1 us): against jemalloc keeping freed memory for 1 s (`dirty_decay_ms:1000,
 * muzzy_decay_ms:0`), Review's and Habits' queries took 330-350 vs 150-165 ms and the 350k import 15-18 vs ~11.7 s,
 * while the server peaked at 186-193 vs 205-223 MB over every page and the import at ~295 vs 340-420 MB. Keeping
 * freed memory for 50 or 200 ms lands in between (201-204 MB, pages ~1.5x faster). Kept: memory is what a NAS lacks,
 * and what this buys is page faults, which this VM makes dear.
 */
export const ALLOCATOR_OPTIONS = "oversize_threshold:262144,background_thread:true,tcache:false";

if (import.meta.main) {
  if (!Deno.env.get("DUCKDB_JE_MALLOC_CONF")) Deno.env.set("DUCKDB_JE_MALLOC_CONF", ALLOCATOR_OPTIONS);
  const { main } = await import("./cli/main.ts");
  Deno.exit(await main(Deno.args));
}
