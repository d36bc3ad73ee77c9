/**
 * Serve: `main.ts serve` started as `deno task start` starts it, on a built warehouse. Its resident memory 20 s
 * after start; the first page after start; every page's first load (rendered from the marts: nothing is cached yet) and then 8 concurrent
 * clients on it (served from the page cache where the page is cached); its peak memory over all of that; and its
 * memory over the 60 s after the last request.
 */
import type { Report } from "./figures.ts";
import { sleep, startServer } from "./process.ts";

/** Every page, in an order where each item page's key comes from the Top page loaded before it. */
export const PAGES = [
  "/",
  "/top/artists",
  "/top/tracks",
  "/top/albums",
  "/top/tracks?period=2024&by=minutes",
  "{artist}",
  "{track}",
  "{album}",
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
  "/review?period=2023",
  "/personality",
  "/compare",
  "/library",
  "/import",
  "/jobs",
  "/settings",
];

interface ServeGoals {
  section: string;
  firstLoadMs: number;
  /** 8 concurrent clients' p95; none: not measured. */
  p95Ms?: number;
  startRssMb?: number;
  peakRssMb: number;
  settledRssMb?: number;
  /** A listener's cookie: their view of a household. */
  listener?: string;
}

export async function serveSection(report: Report, db: string, goals: ServeGoals): Promise<void> {
  const server = await startServer(db);
  const headers: Record<string, string> = goals.listener ? { cookie: `listener=${goals.listener}` } : {};
  try {
    const section = goals.section;
    if (goals.startRssMb !== undefined) {
      await sleep(Math.max(0, server.startedAt + 20_000 - performance.now()));
      report.add({
        section,
        name: "serve RSS 20 s after start",
        value: server.rssMb(),
        unit: "MB",
        max: 130,
      });
    }
    // The first page after a start also loads the chart library (Plot, left out of a server nobody
    // has visited: ~20 MB): shown for context, on a URL of its own, so the figures below are each page's first
    // load in a data version, as a listener meets them after every ingest.
    const afterStart = performance.now();
    const first = await fetch(`${server.url}/?after-start`, { headers });
    await first.text();
    report.add({
      section,
      name: "first page after start (loads the charts)",
      value: Math.round(performance.now() - afterStart),
      unit: "ms",
    });
    const keys: Record<string, string> = {};
    for (const page of PAGES) {
      const path = page.replace(/\{(\w+)\}/, (_, kind: string) => keys[kind] ?? `/${kind}s/0`);
      const started = performance.now();
      const response = await fetch(`${server.url}${path}`, { headers });
      const body = await response.text();
      const firstMs = Math.round(performance.now() - started);
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      for (const kind of ["artist", "track", "album"]) {
        keys[kind] ??= new RegExp(`href="(/${kind}s/\\d+)"`).exec(body)?.[1] as string;
      }
      const name = page.startsWith("{") ? `/${page.slice(1, -1)}s/<top one>` : path;
      let p95: number | undefined;
      if (goals.p95Ms !== undefined) p95 = await concurrentP95(`${server.url}${path}`, headers);
      report.add({
        section,
        name: `first load ${name}`,
        value: firstMs,
        unit: "ms",
        max: goals.firstLoadMs,
        note: p95 === undefined ? undefined : `8 clients p95 ${p95} ms`,
      });
      if (p95 !== undefined) {
        report.figures.push({
          section,
          name: `8 clients p95 ${name}`,
          value: p95,
          unit: "ms",
          max: goals.p95Ms,
        });
      }
    }
    report.add({
      section,
      name: "serve peak RSS over every page",
      value: server.peakMb(),
      unit: "MB",
      max: goals.peakRssMb,
    });
    if (goals.settledRssMb !== undefined) {
      const afterLast = performance.now();
      let below: number | undefined;
      for (let second = 1; second <= 60; second++) {
        await sleep(afterLast + second * 1000 - performance.now());
        if (below === undefined && server.rssMb() <= goals.settledRssMb) below = second;
      }
      report.add({
        section,
        name: "serve RSS 60 s after the last request",
        value: server.rssMb(),
        unit: "MB",
        max: goals.settledRssMb,
        note: below === undefined ? "never below the goal" : `below the goal after ${below} s`,
      });
    }
  } finally {
    await server.stop();
  }
}

/** 8 clients, 25 requests each, one after another per client: the 95th percentile of their times, in ms. */
async function concurrentP95(url: string, headers: Record<string, string>): Promise<number> {
  const took: number[] = [];
  const client = async () => {
    for (let i = 0; i < 25; i++) {
      const started = performance.now();
      await (await fetch(url, { headers })).text();
      took.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: 8 }, client));
  took.sort((a, b) => a - b);
  return Math.round(took[Math.floor(0.95 * took.length)]);
}
