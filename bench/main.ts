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
import { householdSection } from "./household_bench.ts";
import { importSection } from "./import_bench.ts";
import { ingestSection } from "./ingest_bench.ts";
import { rulesSection } from "./rules_bench.ts";
import { serveSection } from "./serve_bench.ts";
import { machineLine } from "./timing.ts";

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
    stdout: values.json ? "piped" : "inherit",
    stderr: "inherit",
  }).output();
  if (!output.success) throw new Error(`bench/${name}_bench.ts failed`);
  if (values.json) others[name] = new TextDecoder().decode(output.stdout);
}
if (values.json) console.log(JSON.stringify({ machine, figures: report.figures, others }, null, 2));
