/**
 * Music Tracker's entry point: sets how DuckDB's memory allocator gives memory back, then runs the command line
 * (cli/main.ts). Nothing that loads DuckDB is imported before that: jemalloc reads its options once, when the
 * library loads. Commands other than `serve` also set glibc's malloc (what DuckDB allocates outside jemalloc).
 */
import { setCMalloc, WORKING_C_MALLOC } from "./lib/c_malloc.ts";

/**
 * jemalloc keeps freed memory for ~10 s before handing it back, and never while the program is idle: a server
 * would keep its peak for good, and an import's working memory piles up beside DuckDB's memory_limit. So freed
 * blocks go back within half a second (a background thread returns them), and blocks of 512 KiB and more at once.
 * No per-thread caches (`tcache:false`): each of the threads that run DuckDB's work kept its own freed small
 * blocks, ~25 MB of a server that rendered 60 pages (220 -> 195 MB), for no measurable page time. One arena
 * (`narenas:1`): the threads reuse one another's freed blocks instead of each keeping its own.
 *
 * The price of handing memory back is page faults: it comes back as fresh pages, and on the benchmark VM a fresh
 * 4 KiB page costs 10-11 us (`deno task bench` prints it; a machine that is not virtualised commonly takes about
 * 1 us). A 350k import on the leanest options (`oversize_threshold:262144`, no decay or arena setting: every
 * block of 256 KiB and more back at once) took ~740,000 fresh pages, 8-10 s of the kernel's time: 14.6-18.7 s
 * wall, peak 278-285 MB. On these: ~500,000 pages, 11.1-13.9 s, 289-294 MB, its re-import 282-287 MB (measured
 * 2026-12-06, a fresh page 11-14 us; the import's goal is 300 MB). Blocks back at once from 1 MiB were ~0.5 s
 * faster but a re-import peaked at 300-301 MB; 250 ms of decay was no leaner. `import`, `build` and every command
 * but `serve` run with them.
 */
const BATCH =
  "oversize_threshold:524288,background_thread:true,tcache:false,dirty_decay_ms:500,muzzy_decay_ms:0,narenas:1";

/**
 * `serve` keeps freed blocks under 3 MiB for about a second (`dirty_decay_ms:1000`), so a page's queries reuse
 * the memory of the ones before: every hash table DuckDB makes for a query starts with a 2-4 MiB array sized to
 * the CPU's cache, not to the rows (~6 ms of faults each here when handed back at once). Review's queries 239 ->
 * ~100 ms a page, the 8-client Import page 59 -> ~20 ms, 50 played tracks to marts ~1.1 -> ~0.8 s, against
 * handing back everything from 256 KiB at once (measured 2026-12-06, a fresh page 11 us); peak RSS over every page
 * 186-194 -> 201-212 MB then, with 4 MiB and an arena per thread, and pages' queries on two DuckDB threads each.
 * With them on one thread each (SERVER_IDLE), blocks from 3 MiB back at once and one arena (`narenas:1`: the
 * threads reuse one another's freed blocks) took that peak from 202-205 to 196-199 MB, Review's first load
 * 96-134 -> 86-122 ms (2 MiB: no less memory, Review 118-157 ms; 250-500 ms of decay: no less memory, slower
 * pages; A/B runs interleaved: peaks 198-209 -> 190-200 MB). Back under 150 MB within a minute as before. Jobs
 * it runs (an upload's import, the nightly build) run with them too: a 350k import 11.4 s and 301-307 MB (on the
 * 4 MiB options 9.9 s and 333-354 MB).
 */
const SERVE =
  "oversize_threshold:3145728,background_thread:true,tcache:false,dirty_decay_ms:1000,muzzy_decay_ms:0,narenas:1";

/** The jemalloc options a command runs with (see above); DUCKDB_JE_MALLOC_CONF in the environment wins. */
export function allocatorOptions(command: string): string {
  return command === "serve" ? SERVE : BATCH;
}

/** Options that take a value and may come before the command's name: skipped to find it. */
const VALUE_OPTIONS = new Set(["--db", "--host", "--port"]);

/**
 * The command a command line runs, as cli/main.ts finds it (its first positional; `serve` when there is none,
 * as the release binary started bare), read here before anything loads DuckDB. Another command's option before
 * the command's name may be taken for it: then not `serve`, and the batch options, which that command runs with.
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
  const command = commandName(Deno.args);
  if (!Deno.env.get("DUCKDB_JE_MALLOC_CONF")) {
    Deno.env.set("DUCKDB_JE_MALLOC_CONF", allocatorOptions(command));
  }
  // glibc's malloc for work that spills to DuckDB's temp files (lib/c_malloc.ts): serve's pages never do
  if (command !== "serve") setCMalloc(WORKING_C_MALLOC);
  const { main } = await import("./cli/main.ts");
  Deno.exit(await main(Deno.args));
}
