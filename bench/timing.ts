/** What the benchmarks share: the machine they ran on, and how they time things. */
import { cpus, totalmem } from "node:os";

/** "Machine: 2 cores (…), 24105 MiB RAM": every figure is printed with it. */
export function machineLine(): string {
  return `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? "unknown"}), ${
    Math.round(totalmem() / 2 ** 20)
  } MiB RAM`;
}

/**
 * What a first touch of a fresh 4 KiB page costs here, in µs (the best of three 64 MiB buffers): the kernel's
 * page fault and zeroing. DuckDB's memory settings trade page faults for resident memory (main.ts: freed blocks of
 * 256 KiB and more go back to the system at once, and come back as fresh pages), so every DuckDB figure moves
 * with it. Measured on this shared VM: ~10-11 µs on a slow day (Python's json.load 5.1 s, pages 2-2.5x slower
 * than with jemalloc keeping freed memory); a machine that is not virtualised commonly takes about a microsecond
 * (not measured here).
 */
export function pageFaultMicros(): number {
  const bytes = 64 * 2 ** 20;
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    const pages = new Uint8Array(bytes);
    for (let i = 0; i < bytes; i += 4096) pages[i] = 1;
    best = Math.min(best, ((performance.now() - started) * 1000) / (bytes / 4096));
  }
  return Math.round(best * 100) / 100;
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
