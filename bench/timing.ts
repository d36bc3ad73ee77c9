/** What the benchmarks share: the machine they ran on, and how they time things. */
import { cpus, totalmem } from "node:os";

/** "Machine: 2 cores (…), 24105 MiB RAM": every figure is printed with it. */
export function machineLine(): string {
  return `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? "unknown"}), ${
    Math.round(totalmem() / 2 ** 20)
  } MiB RAM`;
}

/** The median wall time of `times` runs of `fn`, in whole ms. */
export async function median(times: number, fn: () => Promise<unknown>): Promise<number> {
  const took: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await fn();
    took.push(performance.now() - started);
  }
  return Math.round(took.sort((a, b) => a - b)[Math.floor(times / 2)]);
}

/**
 * A page rendered 20 times by `app` (no page cache: createApp without dataVersion), one client: a first load
 * after the data changed. Returns "uncached p50 … ms, p95 … ms (one client)".
 */
export async function uncachedPage(
  app: { request(path: string): Response | Promise<Response> },
  path: string,
): Promise<string> {
  const took: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    const response = await app.request(path);
    await response.text();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    took.push(performance.now() - started);
  }
  took.sort((a, b) => a - b);
  return `uncached p50 ${Math.round(took[9])} ms, p95 ${Math.round(took[18])} ms (one client)`;
}
