/**
 * `deno task bench`: import-to-queryable wall time and peak RSS for a 350,000-play Extended Streaming History
 * ZIP (~270 MB of JSON), generated deterministically. Each run is a fresh `main.ts import` process into an empty
 * warehouse, measured from spawn to exit, so Deno start-up, DuckDB load, the mart build and the data tests all
 * count. Goals (2-core machine): <= 3 s and <= 300 MB.
 *
 * Options: --plays N (default 350000), --runs N (default 3). The ZIP is written to bench/out/ (git-ignored).
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { machineLine } from "./timing.ts";
import { ensureZip, OUT_DIR } from "./bench_input.ts";

/** The V8 flags deno.json's tasks (and the compiled binary) run the program with: measured as users run it. */
const V8_FLAGS =
  (JSON.parse(Deno.readTextFileSync(new URL("../deno.json", import.meta.url))).tasks.start as string)
    .split(" ").filter((part) => part.startsWith("--v8-flags="));

const { values } = parseArgs({
  args: Deno.args,
  options: {
    plays: { type: "string", default: "350000" },
    runs: { type: "string", default: "3" },
  },
});
const plays = Number(values.plays);
const runs = Number(values.runs);
const root = new URL("../", import.meta.url).pathname;
await Deno.mkdir(OUT_DIR, { recursive: true });

const zipPath = join(OUT_DIR, `extended_history_${plays}.zip`);
const jsonBytes = await ensureZip(zipPath, plays);
const zipBytes = (await Deno.stat(zipPath)).size;
console.log(
  `Input: ${plays.toLocaleString("en-US")} plays, ${mb(jsonBytes)} MiB of JSON in a ${mb(zipBytes)} MiB ZIP`,
);
console.log(machineLine());

const results: { wallMs: number; peakRssMb: number; importMs: number }[] = [];
for (let run = 1; run <= runs; run++) {
  const dir = await Deno.makeTempDir({ dir: OUT_DIR, prefix: "run-" });
  try {
    const db = join(dir, "bench.duckdb");
    const first = await measure(["import", "--db", db, "--json", zipPath]);
    const report = JSON.parse(first.stdout);
    if (report.totals.rowsRead !== plays) {
      throw new Error(`Expected ${plays} rows, read ${report.totals.rowsRead}`);
    }
    results.push({ wallMs: first.wallMs, peakRssMb: first.peakRssMb, importMs: report.elapsedMs });
    console.log(
      `run ${run}: import-to-queryable ${(first.wallMs / 1000).toFixed(2)} s wall ` +
        `(import ${(report.elapsedMs / 1000).toFixed(2)} s in-process), peak RSS ${first.peakRssMb} MB, ` +
        `${report.totals.newPlays} new plays, rejected ${JSON.stringify(report.totals.rejected)}`,
    );
    if (run === 1) {
      const again = await measure(["import", "--db", db, "--json", zipPath]);
      const againReport = JSON.parse(again.stdout);
      console.log(
        `run 1, re-import of the same ZIP: ${(again.wallMs / 1000).toFixed(2)} s wall, peak RSS ` +
          `${again.peakRssMb} MB, ${againReport.totals.newPlays} new plays (must be 0)`,
      );
      const query = await measure([
        "query",
        "--db",
        db,
        "--format",
        "csv",
        "select count(*) as plays, count(*) filter (where is_counted) as counted from fct_play",
      ]);
      console.log(`query after import: ${query.stdout.trim().replace("\n", " = ")} (${query.wallMs} ms)`);
      console.log(`warehouse file: ${mb((await Deno.stat(db)).size)} MiB`);
      const idle = await idleServerRss(db);
      console.log(
        `serve on this warehouse: ${idle.rssMb} MB RSS idle after ${idle.requests} page loads ` +
          `(goal <= 120 MB), overview page ${idle.pageMs} ms on its first (uncached) load`,
      );
      console.log("pages: one uncached load, then 8 concurrent clients, 200 requests (goal p95 <= 50 ms):");
      for (const line of idle.pages) console.log(`  ${line}`);
      console.log(`serve after all those pages, 12 s later: ${idle.settledRssMb} MB RSS`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const wall = median(results.map((r) => r.wallMs));
const peak = Math.max(...results.map((r) => r.peakRssMb));
console.log(
  `\nResult: median import-to-queryable ${(wall / 1000).toFixed(2)} s (goal <= 3 s), ` +
    `max peak RSS ${peak} MB (goal <= 300 MB) over ${runs} run(s)`,
);

/** Runs `main.ts` with `args` in a new process; wall time from spawn to exit and the kernel's peak RSS. */
async function measure(args: string[]) {
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...V8_FLAGS, join(root, "main.ts"), ...args],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let peakKb = 0;
  // VmHWM is the process's resident high-water mark: sampling it until exit catches the peak.
  const sampler = setInterval(() => {
    try {
      const status = Deno.readTextFileSync(`/proc/${child.pid}/status`);
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch { /* exited */ }
  }, 5);
  const output = await child.output();
  clearInterval(sampler);
  const wallMs = Math.round(performance.now() - started);
  const stdout = new TextDecoder().decode(output.stdout);
  if (!output.success) {
    throw new Error(`main.ts ${args[0]} failed: ${new TextDecoder().decode(output.stderr)}`);
  }
  return { wallMs, peakRssMb: Math.round(peakKb / 1024), stdout };
}

/** Starts `serve` on `db`, loads the overview a few times, waits, and reads the server's resident memory. */
async function idleServerRss(db: string) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      ...V8_FLAGS,
      join(root, "main.ts"),
      "serve",
      "--no-schedules",
      "--db",
      db,
      "--port",
      String(port),
    ],
    env: { LOG_LEVEL: "warn" },
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    const url = `http://127.0.0.1:${port}/`;
    for (let i = 0; i < 200; i++) {
      const ok = await fetch(`${url}healthz`).then((r) => (r.body?.cancel(), r.ok), () => false);
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const requests = 20;
    let pageMs = 0;
    for (let i = 0; i < requests; i++) {
      const started = performance.now();
      await (await fetch(url)).text();
      // The first load renders the page; the rest come from the page cache.
      if (i === 0) pageMs = Math.round(performance.now() - started);
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const status = await Deno.readTextFile(`/proc/${child.pid}/status`);
    const rssMb = Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    const pages = [];
    const artist = /href="(\/artists\/\d+)"/.exec(await (await fetch(`${url}top/artists`)).text())?.[1];
    for (
      const path of [
        "/",
        "/top/artists",
        "/top/tracks?by=minutes",
        "/time",
        "/timeline",
        "/timeline?period=2025",
        "/genres",
        "/geography",
        "/behaviour",
        "/podcasts",
        "/history",
        "/history?q=love",
        "/habits",
        "/review",
        "/library",
        artist ?? "/artists/0",
        "/jobs",
      ]
    ) {
      // One request alone first: the page rendered from the marts, before the page cache has it.
      const firstStarted = performance.now();
      await (await fetch(`${url}${path.slice(1)}`)).text();
      const firstMs = performance.now() - firstStarted;
      const latencies: number[] = [];
      const client = async () => {
        for (let i = 0; i < 25; i++) {
          const started = performance.now();
          const response = await fetch(`${url}${path.slice(1)}`);
          await response.text();
          latencies.push(performance.now() - started);
        }
      };
      await Promise.all(Array.from({ length: 8 }, client));
      latencies.sort((a, b) => a - b);
      const at = (q: number) =>
        latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(0);
      pages.push(
        `${(path.startsWith("/artists/") ? "/artists/<top artist>" : path).padEnd(24)} first ${
          firstMs.toFixed(0)
        } ms, then p50 ${at(0.5)} ms, p95 ${at(0.95)} ms`,
      );
    }
    // After serving every page, memory DuckDB freed should go back to the system within seconds.
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    const settled = await Deno.readTextFile(`/proc/${child.pid}/status`);
    const settledRssMb = Math.round(Number(/VmRSS:\s+(\d+)/.exec(settled)?.[1] ?? 0) / 1024);
    return { rssMb, requests, pageMs, pages, settledRssMb };
  } finally {
    child.kill();
    await child.status;
  }
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}
