/**
 * `/metrics` for Prometheus (text format 0.0.4): plays by source and listener, each job's last success and
 * duration, queue lengths, gaps, enrichment coverage, the process's RSS, DuckDB's memory and the warehouse's
 * size. Answered to this machine, or to a request with `Authorization: Bearer <METRICS_TOKEN>`; login plays no
 * part (a scraper cannot log in). The warehouse's numbers are computed once per data version (a few hundred
 * bytes kept); the process's are read at each scrape. While the demo is shown, only the process's are given.
 */
import { Hono } from "hono";
import { APP_VERSION } from "../../../config.ts";
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { enrichmentCoverage, failureCounts } from "../../../warehouse/state/enrichment.ts";
import { gapCounts } from "../../../warehouse/state/ingest_gaps.ts";
import { jobSummaries } from "../../../warehouse/state/job_runs.ts";
import { spotifyStatus } from "../../../warehouse/state/spotify_connections.ts";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { isLoopbackHost, remoteAddress } from "../../request.ts";
import { CONTENT_TYPE, formatMetrics, type Metric } from "./prometheus.ts";
import { duckdbMemoryBytes, playsBySource } from "./queries.ts";

export function metricsRoutes({ options }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  let cached: { version: string; metrics: Metric[] } | undefined;

  app.get("/metrics", async (c) => {
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    const local = isLoopbackHost(remoteAddress(c) ?? "");
    if (!local && !(token !== undefined && options.metrics?.tokenMatches(token))) {
      return c.text(
        "Refused: /metrics answers requests from this machine, or with METRICS_TOKEN as a bearer token " +
          "(Authorization: Bearer <token>; set it on Settings or in the environment).\n",
        token === undefined ? 403 : 401,
        token === undefined ? {} : { "www-authenticate": 'Bearer realm="metrics"' },
      );
    }
    const current = await options.warehouse();
    const version = options.dataVersion?.();
    let stored: Metric[] = [];
    if (!current.isDemo) {
      if (version === undefined || cached?.version !== version) {
        cached = { version: version ?? "", metrics: await warehouseMetrics(current.warehouse) };
      }
      stored = cached.metrics;
    }
    const process = await processMetrics(options, current.warehouse);
    const info: Metric[] = [
      gauge("music_tracker_info", "Music Tracker's version (always 1).", [{
        labels: { version: APP_VERSION },
        value: 1,
      }]),
      gauge("music_tracker_demo", "1 while the dashboard shows the demo (no plays of your own yet).", [{
        value: current.isDemo ? 1 : 0,
      }]),
    ];
    c.header("content-type", CONTENT_TYPE);
    c.header("cache-control", "no-store");
    return c.body(formatMetrics([...info, ...stored, ...process]));
  });

  return app;
}

function gauge(name: string, help: string, samples: Metric["samples"]): Metric {
  return { name, help, type: "gauge", samples };
}

/** What the warehouse says: plays, jobs, queues, gaps, coverage, connections. */
async function warehouseMetrics(warehouse: Warehouse): Promise<Metric[]> {
  const plays = await playsBySource(warehouse);
  const jobs = await jobSummaries(warehouse);
  const gaps = await gapCounts(warehouse);
  const failures = await failureCounts(warehouse);
  const coverage = await enrichmentCoverage(warehouse);
  const { connections } = await spotifyStatus(warehouse);
  const pending = [
    ["spotify", coverage.pendingSpotify],
    ["musicbrainz", coverage.pendingMusicBrainz],
  ] as const;
  const byStatus = new Map<string, number>();
  for (const connection of connections) {
    byStatus.set(connection.status, (byStatus.get(connection.status) ?? 0) + 1);
  }
  return [
    gauge(
      "music_tracker_plays",
      "Plays in the warehouse, by source and listener.",
      plays.map((row) => ({ labels: { source: row.source, listener: row.listener }, value: row.plays })),
    ),
    gauge(
      "music_tracker_job_last_success_timestamp_seconds",
      "When each job's latest successful run started (Unix seconds).",
      jobs.filter((job) => job.lastSuccessMs !== null).map((job) => ({
        labels: { job: job.job },
        value: job.lastSuccessMs! / 1000,
      })),
    ),
    gauge(
      "music_tracker_job_last_duration_seconds",
      "How long each job's latest finished run took.",
      jobs.map((job) => ({ labels: { job: job.job }, value: job.lastDurationMs / 1000 })),
    ),
    gauge(
      "music_tracker_job_last_failed",
      "1 when each job's latest finished run failed.",
      jobs.map((job) => ({ labels: { job: job.job }, value: job.lastFailed ? 1 : 0 })),
    ),
    gauge(
      "music_tracker_enrich_pending",
      "Lookups left when the latest enrichment run ended, by service.",
      pending.filter(([, count]) => count !== null).map(([service, count]) => ({
        labels: { service },
        value: count!,
      })),
    ),
    gauge(
      "music_tracker_enrich_failures",
      "Failed lookups waiting to be retried, by service.",
      failures.map((row) => ({ labels: { service: row.service }, value: row.failures })),
    ),
    gauge(
      "music_tracker_enrichment_coverage_ratio",
      "Share of music listening time whose artist has a genre, an origin, whose track has a duration.",
      [
        { labels: { of: "genre" }, value: coverage.withGenre },
        { labels: { of: "origin" }, value: coverage.withOrigin },
        { labels: { of: "duration" }, value: coverage.withDuration },
      ],
    ),
    gauge(
      "music_tracker_ingest_gaps",
      "Stretches in which Spotify polling may have missed plays, by listener.",
      gaps.map((row) => ({ labels: { listener: row.userName }, value: row.gaps })),
    ),
    gauge(
      "music_tracker_spotify_connections",
      "Connected Spotify accounts, by state (connected, needs_reconnect).",
      [...byStatus].map(([status, count]) => ({ labels: { status }, value: count })),
    ),
  ];
}

/** What the process says, at each scrape: memory, the job queue, the warehouse file, a stalled poll. */
async function processMetrics(options: FeatureDeps["options"], warehouse: Warehouse): Promise<Metric[]> {
  const source = options.metrics;
  const memory = Deno.memoryUsage();
  const files = source ? [source.warehousePath(), `${source.warehousePath()}.wal`] : [];
  let size = 0;
  for (const file of files) size += await Deno.stat(file).then((info) => info.size, () => 0);
  return [
    gauge("music_tracker_jobs_queued", "Jobs running or waiting for their turn.", [{
      value: source?.jobsQueued() ?? 0,
    }]),
    gauge("music_tracker_ingest_stalled", "1 when no Spotify poll succeeded for three intervals.", [{
      value: (await source?.ingestStalled()) ? 1 : 0,
    }]),
    gauge("process_resident_memory_bytes", "Resident memory of the process.", [{ value: memory.rss }]),
    gauge("music_tracker_js_heap_used_bytes", "JavaScript heap in use.", [{ value: memory.heapUsed }]),
    gauge("music_tracker_duckdb_memory_bytes", "Memory DuckDB holds (its buffer manager).", [{
      value: await duckdbMemoryBytes(warehouse),
    }]),
    gauge("music_tracker_warehouse_size_bytes", "The warehouse file with its write-ahead log.", [{
      value: size,
    }]),
  ];
}
