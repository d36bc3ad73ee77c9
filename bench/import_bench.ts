/**
 * Import: a 350,000-play Extended Streaming History ZIP (~270 MB of JSON) into an empty warehouse, each run a
 * fresh `main.ts import` process measured from spawn to exit (Deno start-up, DuckDB, the mart build and the data
 * tests all count), with Python's json.load of the same JSON timed in the same run as the yardstick; then the
 * same ZIP again (nothing new). Keeps the first run's warehouse for the sections after it.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { listZipEntries } from "../pipeline/imports/zip/mod.ts";
import { ensureZip, OUT_DIR } from "./bench_input.ts";
import type { Report } from "./figures.ts";
import { type CpuUse, runMain } from "./process.ts";

export async function importSection(report: Report, plays: number, runs: number): Promise<string> {
  const zip = await benchZipWithSize(plays);
  report.say(
    `\nImport: ${plays.toLocaleString("en-US")} plays, ${mb(zip.jsonBytes)} MiB of JSON in a ${
      mb(zip.zipBytes)
    } MiB ZIP; ${runs} run(s), each beside a run of Python's json.load`,
  );
  const kept = join(OUT_DIR, `warehouse_${plays}.duckdb`);
  const walls: number[] = [];
  const peaks: number[] = [];
  const pythons: number[] = [];
  const cpus: CpuUse[] = [];
  let reimport: { wallMs: number; peakRssMb: number; newPlays: number } | undefined;
  for (let run = 1; run <= runs; run++) {
    const python = await pythonJsonLoad(zip.path);
    if (python !== undefined) pythons.push(python);
    const dir = await Deno.makeTempDir({ dir: OUT_DIR, prefix: "run-" });
    try {
      const db = join(dir, "bench.duckdb");
      const first = await runMain(["import", "--db", db, "--user", "me", "--json", zip.path]);
      const totals = JSON.parse(first.stdout).totals;
      if (totals.rowsRead !== plays) throw new Error(`Expected ${plays} rows, read ${totals.rowsRead}`);
      walls.push(first.wallMs);
      peaks.push(first.peakRssMb);
      cpus.push(first.cpu);
      report.say(
        `  run ${run}: ${(first.wallMs / 1000).toFixed(2)} s, peak RSS ${first.peakRssMb} MB; CPU ` +
          `${first.cpu.userS.toFixed(1)} s user + ${first.cpu.kernelS.toFixed(1)} s kernel, ` +
          `${Math.round(first.cpu.freshPages / 1000)}k fresh pages` +
          (python === undefined ? "" : `; Python's json.load ${(python / 1000).toFixed(2)} s`),
      );
      if (run === 1) {
        const again = await runMain(["import", "--db", db, "--user", "me", "--json", zip.path]);
        reimport = { ...again, newPlays: JSON.parse(again.stdout).totals.newPlays };
        await Deno.rename(db, kept);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  }
  const wall = median(walls);
  report.add({ section: "import", name: "350k import, median wall", value: wall / 1000, unit: "s" });
  report.add({
    section: "import",
    name: "350k import, peak RSS",
    value: Math.max(...peaks),
    unit: "MB",
    max: 300,
  });
  // Where the time goes on a box whose page faults are dear: the kernel's share is mostly handing out fresh pages.
  const cpu = cpus[walls.indexOf(wall)] ?? cpus[0];
  const fault = report.figures.find((figure) => figure.section === "machine")?.value;
  report.add({
    section: "import",
    name: "350k import (the median run), CPU in the kernel",
    value: cpu.kernelS,
    unit: "s",
    note: `${cpu.userS.toFixed(1)} s user; ${Math.round(cpu.freshPages / 1000)}k fresh pages` +
      (fault === undefined
        ? ""
        : `, ${((cpu.freshPages * fault) / 1e6).toFixed(1)} s at this box's page cost`),
  });
  if (pythons.length > 0) {
    const python = median(pythons);
    report.add({
      section: "import",
      name: "Python json.load of the same JSON",
      value: python / 1000,
      unit: "s",
    });
    report.add({ section: "import", name: "import / json.load", value: wall / python, unit: "x", max: 2 });
  } else {
    report.say("  (python3 not found: no json.load yardstick)");
  }
  if (reimport) {
    report.add({
      section: "import",
      name: "re-import of the same ZIP, wall",
      value: reimport.wallMs / 1000,
      unit: "s",
      max: wall / 1000,
      note: `${reimport.newPlays} new plays, peak RSS ${reimport.peakRssMb} MB`,
    });
  }
  return kept;
}

/** Python's json.load of the ZIP's JSON in ms, or undefined without python3. */
async function pythonJsonLoad(zip: string): Promise<number | undefined> {
  const script = new URL("./json_load.py", import.meta.url).pathname;
  try {
    const output = await new Deno.Command("python3", { args: [script, zip, OUT_DIR], stderr: "inherit" })
      .output();
    return output.success ? Number(new TextDecoder().decode(output.stdout).trim()) : undefined;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/** The benchmark ZIP of `plays` plays (written on first use) with its size and its JSON's. */
export async function benchZipWithSize(plays: number, seed = 42) {
  await Deno.mkdir(OUT_DIR, { recursive: true });
  const suffix = seed === 42 ? "" : `_seed${seed}`;
  const path = join(OUT_DIR, `extended_history_${plays}${suffix}.zip`);
  if (!existsSync(path)) await ensureZip(path, plays, seed);
  const jsonBytes = (await listZipEntries(path)).reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  return { path, jsonBytes, zipBytes: (await Deno.stat(path)).size };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}
