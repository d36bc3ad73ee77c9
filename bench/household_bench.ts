/**
 * Household: five listeners with 350,000 plays each (five seeds, five catalogues: 1.75M plays) imported one
 * after another into one warehouse, then a full build, then every page's first load for everyone and for one
 * listener. Each import builds the marts over every listener's plays, so the last one costs the most.
 */
import { join } from "node:path";
import { OUT_DIR } from "./bench_input.ts";
import type { Report } from "./figures.ts";
import { benchZipWithSize } from "./import_bench.ts";
import { runMain } from "./process.ts";
import { serveSection } from "./serve_bench.ts";

export const LISTENERS = 5;

export async function householdSection(report: Report, plays: number): Promise<void> {
  report.say(`\nHousehold: ${LISTENERS} listeners x ${plays.toLocaleString("en-US")} plays in one warehouse`);
  const dir = await Deno.makeTempDir({ dir: OUT_DIR, prefix: "household-" });
  const db = join(dir, "household.duckdb");
  try {
    for (let listener = 1; listener <= LISTENERS; listener++) {
      const zip = await benchZipWithSize(plays, 41 + listener);
      const run = await runMain(["import", "--db", db, "--user", `listener${listener}`, "--json", zip.path]);
      const totals = JSON.parse(run.stdout).totals;
      if (totals.rowsRead !== plays) throw new Error(`listener${listener}: read ${totals.rowsRead} rows`);
      report.add({
        section: "household",
        name: `import of listener ${listener} (${listener * plays / 1000}k plays in all after it)`,
        value: run.peakRssMb,
        unit: "MB",
        max: 400,
        note: `${(run.wallMs / 1000).toFixed(1)} s`,
      });
    }
    const build = await runMain(["build", "--db", db]);
    report.add({
      section: "household",
      name: "full build, peak RSS",
      value: build.peakRssMb,
      unit: "MB",
      max: 400,
      note: `${(build.wallMs / 1000).toFixed(1)} s`,
    });
    report.add({ section: "household", name: "full build, wall", value: build.wallMs / 1000, unit: "s" });
    report.add({
      section: "household",
      name: "warehouse file",
      value: Math.round((await Deno.stat(db)).size / 2 ** 20),
      unit: "MB",
    });
    report.say("  every page, everyone's view:");
    await serveSection(report, db, { section: "household", firstLoadMs: 500, peakRssMb: 400 });
    report.say("  every page, listener3's view:");
    await serveSection(report, db, {
      section: "household listener3",
      firstLoadMs: 500,
      peakRssMb: 400,
      listener: "listener3",
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
