/**
 * Jobs: schedules, the latest runs, Spotify connections and gaps, enrichment coverage and the Enrich now
 * button; and the API the CLI asks while `serve` holds the warehouse (`jobs`, `enrich --status`, `backup`).
 */
import { Hono } from "hono";
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { type EnrichmentCoverage, enrichmentCoverage } from "../../../warehouse/state/enrichment.ts";
import { jobRuns } from "../../../warehouse/state/job_runs.ts";
import { spotifyStatus } from "../../../warehouse/state/spotify_connections.ts";
import type { AppEnv, FeatureDeps, WebOptions } from "../../env.ts";
import { isLoopbackHost, remoteAddress } from "../../request.ts";
import { JobsPage } from "./page.tsx";

export function jobsRoutes({ state, options }: FeatureDeps): Hono<AppEnv> {
  const coverageOf = coverageCache(options);
  const app = new Hono<AppEnv>();
  app.use("/", ...state);

  app.get("/", async (c) => {
    const { warehouse, isDemo } = c.var;
    const runs = await jobRuns(warehouse, { limit: 50 });
    const coverage = await coverageOf(warehouse);
    const spotify = c.var.spotifyStatus ?? await spotifyStatus(warehouse);
    const { schedules, enrichment } = options;
    return c.render(
      <JobsPage
        {...{ spotify, runs, schedules, isDemo, coverage, enrichment }}
        canEnrich={Boolean(options.startEnrichment) && !isDemo}
        enrichNotice={c.req.query("enrich")}
      />,
      { title: "Jobs" },
    );
  });

  app.post("/enrich", (c) => {
    if (!options.startEnrichment) return c.text("Enrichment cannot be started here", 404);
    const started = options.startEnrichment();
    return c.redirect(`/jobs?enrich=${started ? "started" : "running"}`, 303);
  });

  return app;
}

/** What the CLI asks the server (`/api/...`) while `serve` holds the warehouse. */
export function jobsApiRoutes({ options }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/jobs", async (c) => {
    const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 50) || 50, 1), 1000);
    const { warehouse } = await options.warehouse();
    return c.json(await jobRuns(warehouse, { limit }));
  });

  app.get("/enrichment", async (c) => {
    const { warehouse } = await options.warehouse();
    return c.json(await enrichmentCoverage(warehouse));
  });

  // For `backup` while the server holds the warehouse. Loopback only: the CLI on this machine asks.
  app.post("/backup", async (c) => {
    const remote = remoteAddress(c);
    if (!options.backup || !remote || !isLoopbackHost(remote)) {
      return c.json({ error: "backups are asked for from this machine" }, 403);
    }
    return c.json({ file: await options.backup() });
  });

  return app;
}

/** Coverage scans every play: computed once per data version (a finished job or an enrichment batch). */
function coverageCache({ dataVersion }: Pick<WebOptions, "dataVersion">) {
  let cached: { version: string; coverage: EnrichmentCoverage } | undefined;
  return async function coverageOf(warehouse: Warehouse): Promise<EnrichmentCoverage> {
    const version = dataVersion?.();
    if (version !== undefined && cached?.version === version) return cached.coverage;
    const coverage = await enrichmentCoverage(warehouse);
    if (version !== undefined) cached = { version, coverage };
    return coverage;
  };
}
