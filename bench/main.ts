/**
 * `deno task bench`: every performance figure with its goal, measured as a user runs the program (new processes
 * started like `deno task start`, memory as the kernel reports it), on deterministic synthetic histories written
 * once to bench/out/ (git-ignored). Run it with nothing else busy on the machine.
 *
 * Sections, in order: import (350k plays, with Python's json.load of the same JSON as the yardstick), serve (on
 * that warehouse), ingest (50 new plays), rules (10,000 of them), household (5 x 350k plays), then the
 * enrichment and library benches.
 *
 * Options: --only <sections> (comma-separated: import,serve,ingest,rules,household,enrich,library), --plays N (default
 * 350000), --runs N (imports, default 3), --json (the figures as JSON on stdout; the progress goes to stderr).
 */
import { parseArgs } from "node:util";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { OUT_DIR } from "./bench_input.ts";
import { Report } from "./figures.ts";
import { machineLine, pageFaultMicros } from "./timing.ts";
import { allocatorOptions } from "../main.ts";

// DuckDB's allocator as the server sets it (main.ts), before anything loads DuckDB: its options are read once,
// when the library loads, and a static import would load it first. The sections that run jobs in this process
// (ingest, rules) and the enrich and library benches (child processes) then measure them as the server runs them.
// The processes the other sections start (`import`, `serve`, ...) choose their own, as main.ts does: unless the
// environment set them, the variable goes once DuckDB has read it.
const chosen = !Deno.env.get("DUCKDB_JE_MALLOC_CONF");
if (chosen) Deno.env.set("DUCKDB_JE_MALLOC_CONF", allocatorOptions("serve"));
const { householdSection } = await import("./household_bench.ts");
const { importSection } = await import("./import_bench.ts");
const { ingestSection } = await import("./ingest_bench.ts");
const { rulesSection } = await import("./rules_bench.ts");
const { serveSection } = await import("./serve_bench.ts");
await import("@duckdb/node-api"); // loaded now, whichever sections run
if (chosen) Deno.env.delete("DUCKDB_JE_MALLOC_CONF");

const SECTIONS = ["import", "serve", "ingest", "rules", "household", "enrich", "library"];

const { values } = parseArgs({
  args: Deno.args,
  options: {
    only: { type: "string", default: SECTIONS.join(",") },
    plays: { type: "string", default: "350000" },
    runs: { type: "string", default: "3" },
    json: { type: "boolean", default: false },
  },
});
const only = new Set(values.only.split(",").map((name) => name.trim()));
for (const name of only) {
  if (!SECTIONS.includes(name)) throw new Error(`--only: no section "${name}" (${SECTIONS.join(", ")})`);
}
const plays = Number(values.plays);
const log = (line: string) => values.json ? console.error(line) : console.log(line);
const report = new Report(log);
const machine = machineLine();
log(machine);
// Read beside every figure: a box whose page faults cost more runs every DuckDB figure slower (bench/timing.ts).
const pageFault = () =>
  report.add({
    section: "machine",
    name: "first touch of a fresh 4 KiB page",
    value: pageFaultMicros(),
    unit: "µs",
    note: "page fault and zeroing; measured at the start and the end of the run",
  });
pageFault();
await Deno.mkdir(OUT_DIR, { recursive: true });

let warehouse = join(OUT_DIR, `warehouse_${plays}.duckdb`);
if (only.has("import")) warehouse = await importSection(report, plays, Number(values.runs));
if ((only.has("serve") || only.has("ingest") || only.has("rules")) && !existsSync(warehouse)) {
  throw new Error(`${warehouse} is made by the import section: run it first (--only import)`);
}
if (only.has("serve")) {
  report.say(`\nServe: ${plays.toLocaleString("en-US")} plays, one listener`);
  await serveSection(report, warehouse, {
    section: "serve",
    firstLoadMs: 150,
    p95Ms: 50,
    startRssMb: 130,
    peakRssMb: 200,
    settledRssMb: 150,
  });
}
if (only.has("ingest")) await ingestSection(report, warehouse);
if (only.has("rules")) await rulesSection(report, warehouse);
if (only.has("household")) await householdSection(report, plays);
pageFault();

log(`\n${machine}\n${report.table()}`);
const missed = report.figures.filter((figure) => figure.max !== undefined && figure.value > figure.max);
log(`${report.figures.length} figures, ${missed.length} goal(s) missed`);

// The enrichment and library benches print their own figures (no goals of their own).
const others: Record<string, string> = {};
for (const name of ["enrich", "library"]) {
  if (!only.has(name)) continue;
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      new URL(`./${name}_bench.ts`, import.meta.url).pathname,
      "--plays",
      String(plays),
    ],
    // jobs the server runs: on its allocator (unless the environment chose one, which they inherit)
    env: chosen ? { DUCKDB_JE_MALLOC_CONF: allocatorOptions("serve") } : {},
    stdout: values.json ? "piped" : "inherit",
    stderr: "inherit",
  }).output();
  if (!output.success) throw new Error(`bench/${name}_bench.ts failed`);
  if (values.json) others[name] = new TextDecoder().decode(output.stdout);
}
if (values.json) console.log(JSON.stringify({ machine, figures: report.figures, others }, null, 2));
