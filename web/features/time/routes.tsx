/** Time patterns: when you listen, in the configured time zone. */
import { Hono } from "hono";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { readPeriod } from "../../middleware/request_context.ts";
import { TimePatternsPage } from "./page.tsx";
import { dayParts, hourByWeekday, seasonMinutes } from "./queries.ts";

export function timeRoutes({ analysis, options }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(...analysis, readPeriod);

  app.get("/", async (c) => {
    const { warehouse, period, periodError: error } = c.var;
    const [cells, parts, seasons] = error ? [[], [], []] : await Promise.all([
      hourByWeekday(warehouse, period),
      dayParts(warehouse, period),
      seasonMinutes(warehouse, period),
    ]);
    return c.render(
      <TimePatternsPage {...{ period, cells, parts, seasons, error }} timezone={options.timezone} />,
      { title: "Time patterns" },
    );
  });

  return app;
}
