/** The benchmarks' input: a deterministic Extended Streaming History ZIP, written once to bench/out/. */
import { generateExtendedHistory } from "../pipeline/demo/generate_history.ts";
import { writeZip } from "../pipeline/exports/zip.ts";

/** Writes the benchmark ZIP (deterministic: the same plays give the same bytes) and returns its JSON size. */
export async function ensureZip(path: string, count: number): Promise<number> {
  let jsonBytes = 0;
  const encoder = new TextEncoder();
  const entries = function* () {
    for (const file of generateExtendedHistory({ plays: count, seed: 42 })) {
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
