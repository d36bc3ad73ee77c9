/** Behaviour: how the music was played, on which platforms, and why plays started and ended. */
import { Hono } from "hono";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { readPeriod } from "../../middleware/request_context.ts";
import { BehaviourPage } from "./page.tsx";
import { behaviourByYear, labelledMinutes } from "./queries.ts";

export function behaviourRoutes({ analysis }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(...analysis, readPeriod);

  app.get("/", async (c) => {
    const { warehouse, period, periodError: error } = c.var;
    if (error) return c.render(<BehaviourPage period={period} error={error} />, { title: "Behaviour" });
    const [years, platforms, starts, ends] = await Promise.all([
      behaviourByYear(warehouse, period),
      labelledMinutes(warehouse, period, "platform"),
      labelledMinutes(warehouse, period, "reason start"),
      labelledMinutes(warehouse, period, "reason end"),
    ]);
    return c.render(<BehaviourPage period={period} data={{ years, platforms, starts, ends }} />, {
      title: "Behaviour",
    });
  });

  return app;
}
