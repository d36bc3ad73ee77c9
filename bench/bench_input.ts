/** The benchmarks' input: a deterministic Extended Streaming History ZIP, written once to bench/out/. */
import { generateExtendedHistory } from "../pipeline/demo/history/mod.ts";
import { writeZip } from "../pipeline/imports/zip/mod.ts";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** Where the benchmarks keep their input and their scratch warehouses (git-ignored). */
export const OUT_DIR = new URL("./out/", import.meta.url).pathname;

/** The path of the benchmark ZIP of `plays` plays, written first if it is not there yet. */
export async function benchZip(plays: number): Promise<string> {
  await Deno.mkdir(OUT_DIR, { recursive: true });
  const path = join(OUT_DIR, `extended_history_${plays}.zip`);
  if (!existsSync(path)) await ensureZip(path, plays);
  return path;
}

/**
 * Writes the benchmark ZIP (deterministic: the same plays and seed give the same bytes) and returns its JSON
 * size. Another seed is another listener's history (the household figures).
 */
export async function ensureZip(path: string, count: number, seed = 42): Promise<number> {
  let jsonBytes = 0;
  const encoder = new TextEncoder();
  const entries = function* () {
    for (const file of generateExtendedHistory({ plays: count, seed })) {
      const data = encoder.encode(file.json);
      jsonBytes += data.length;
      yield { name: file.name, data };
    }
  };
  const started = performance.now();
  await writeZip(path, entries());
  console.log(`Generated ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return jsonBytes;
}
