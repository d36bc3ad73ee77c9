/** Timeline: hours per day, week or month for any period. */
import { Hono } from "hono";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { readPeriod } from "../../middleware/request_context.ts";
import { TimelinePage } from "./page.tsx";
import { timeline, type TimelineStep, yearsWithPlays } from "./queries.ts";

export function timelineRoutes({ analysis }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(...analysis, readPeriod);

  app.get("/", async (c) => {
    const { warehouse, period, periodError: error } = c.var;
    const years = await yearsWithPlays(warehouse);
    // Without a choice: months for all time, weeks for a year, days for anything shorter.
    const asked = c.req.query("step");
    const step: TimelineStep = asked === "day" || asked === "week" || asked === "month"
      ? asked
      : period.value === "all"
      ? "month"
      : /^\d{4}$/.test(period.value)
      ? "week"
      : "day";
    const buckets = error ? [] : await timeline(warehouse, period, step);
    return c.render(<TimelinePage {...{ period, step, buckets, years, error }} />, { title: "Timeline" });
  });

  return app;
}
