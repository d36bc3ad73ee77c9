/**
 * Music Tracker's entry point: sets how DuckDB's memory allocator gives memory back, then runs the command line
 * (cli/main.ts). Nothing that loads DuckDB is imported before that: jemalloc reads its options once, when the
 * library loads.
 */

/**
 * jemalloc keeps freed memory for ~10 s before handing it back, and never while the program is idle: a server
 * would keep its peak for good, and an import's working memory piles up beside DuckDB's memory_limit. So freed
 * blocks of 256 KiB and more (DuckDB's buffers, hash tables, sort runs) go back at once; a background thread
 * returns the rest. No per-thread caches (`tcache:false`): each of the threads that run DuckDB's work kept its own
 * freed small blocks, ~25 MB of a server that rendered 60 pages (220 -> 195 MB), for no measurable page time.
 *
 * The price is page faults: memory handed back comes back as fresh pages, and on the benchmark VM a fresh 4 KiB
 * page costs 10-11 us (`deno task bench` prints it; a machine that is not virtualised commonly takes about 1 us).
 * Every hash table DuckDB makes for a page's query starts with a 2-4 MiB array sized to the CPU's cache, not to the
 * rows (~6 ms of faults each here): Review's 15 queries took ~240 ms of faults and work per page.
 */
const LEAN = "oversize_threshold:262144,background_thread:true,tcache:false";

/**
 * `serve` keeps freed blocks under 4 MiB for about a second (`dirty_decay_ms:1000`), so a page's queries reuse
 * the memory of the ones before: Review's queries 239 -> ~100 ms a page, the 8-client Import page 59 -> ~20 ms,
 * 50 played tracks to marts ~1.1 -> ~0.8 s; peak RSS over every page 186-194 -> 201-212 MB, back under 150 MB
 * within a minute as before (measured 2026-12-06, a fresh page 11 us). Jobs it runs (an upload's import, the
 * nightly build) run with it too: ~11 s and ~340 MB for a 350k import, against ~19 s and ~290 MB on the lean
 * options, which every other command (`import`, `build`, ...) keeps. Kept between these: freeing at once below
 * 2 MiB gained little (pages ~200 ms); 250 ms of decay no less memory; one arena, DuckDB's block allocator,
 * flushing after bulk frees and one DuckDB thread neither less memory nor faster pages.
 */
const SERVE =
  "oversize_threshold:4194304,background_thread:true,tcache:false,dirty_decay_ms:1000,muzzy_decay_ms:0";

/** The jemalloc options a command runs with (see above); DUCKDB_JE_MALLOC_CONF in the environment wins. */
export function allocatorOptions(command: string): string {
  return command === "serve" ? SERVE : LEAN;
}

/** Options that take a value and may come before the command's name: skipped to find it. */
const VALUE_OPTIONS = new Set(["--db", "--host", "--port"]);

/**
 * The command a command line runs, as cli/main.ts finds it (its first positional; `serve` when there is none,
 * as the release binary started bare), read here before anything loads DuckDB. Another command's option before
 * the command's name may be taken for it: then not `serve`, and the lean options, which that command runs with.
 */
export function commandName(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--") return args[i + 1] ?? "serve";
    if (VALUE_OPTIONS.has(args[i])) i++;
    else if (!args[i].startsWith("-")) return args[i];
  }
  return "serve";
}

if (import.meta.main) {
  if (!Deno.env.get("DUCKDB_JE_MALLOC_CONF")) {
    Deno.env.set("DUCKDB_JE_MALLOC_CONF", allocatorOptions(commandName(Deno.args)));
  }
  const { main } = await import("./cli/main.ts");
  Deno.exit(await main(Deno.args));
}
