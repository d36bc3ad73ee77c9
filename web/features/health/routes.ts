/** Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the warehouse answers; what jobs did). */
import { Hono } from "hono";
import { lastSuccesses } from "../../../warehouse/state/job_runs.ts";
import type { AppEnv, FeatureDeps } from "../../env.ts";

export function healthRoutes({ options }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/healthz", (c) => c.json({ status: "ok" }));

  app.get("/readyz", async (c) => {
    try {
      const current = await options.warehouse();
      const plays = await current.warehouse.value<number>("select count(*) from fct_play");
      const successes = await lastSuccesses(current.warehouse);
      return c.json({
        status: "ready",
        warehouse: { ok: true, demo: current.isDemo, plays },
        lastEtl: successes.get("etl")?.toISOString() ?? null,
        lastIngest: successes.get("ingest")?.toISOString() ?? null,
        spotify: "not connected",
      });
    } catch (error) {
      return c.json({ status: "not ready", warehouse: { ok: false, error: (error as Error).message } }, 503);
    }
  });

  return app;
}
