/**
 * Music Tracker's entry point: sets how DuckDB's memory allocator gives memory back, then runs the command line
 * (cli/main.ts). Nothing that loads DuckDB is imported before that: jemalloc reads its options once, when the
 * library loads.
 */

/**
 * jemalloc keeps freed memory for ~10 s before handing it back, and never while the program is idle: a server
 * would keep its peak for good, and an import's working memory piles up beside DuckDB's memory_limit. Freed
 * blocks of 256 KiB and more (DuckDB's buffers) go back at once; a background thread returns the rest. An
 * import peaks ~80 MB lower for ~10 % more CPU. No per-thread caches (`tcache:false`): each of the threads that
 * run DuckDB's work kept its own freed small blocks, ~25 MB of a server that rendered 60 pages (220 -> 195 MB),
 * for no measurable page time. (Returning freed memory at once, `dirty_decay_ms:0`, took another ~15 MB off
 * but made Review's queries 30 % slower.) DUCKDB_JE_MALLOC_CONF in the environment wins.
 */
export const ALLOCATOR_OPTIONS = "oversize_threshold:262144,background_thread:true,tcache:false";

if (import.meta.main) {
  if (!Deno.env.get("DUCKDB_JE_MALLOC_CONF")) Deno.env.set("DUCKDB_JE_MALLOC_CONF", ALLOCATOR_OPTIONS);
  const { main } = await import("./cli/main.ts");
  Deno.exit(await main(Deno.args));
}
