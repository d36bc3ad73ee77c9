/** Habits: sessions, daily streaks, and what was discovered each month and stuck. */
import { Hono } from "hono";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { readPeriod } from "../../middleware/request_context.ts";
import { HabitsPage } from "./page.tsx";
import { discoveryByMonth, sessionStats, streaks } from "./queries.ts";

export function habitsRoutes({ analysis, options }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(...analysis, readPeriod);

  app.get("/", async (c) => {
    const { warehouse, period, periodError: error } = c.var;
    const { sessionGapMinutes } = options;
    if (error) {
      return c.render(<HabitsPage {...{ period, sessionGapMinutes, error }} />, { title: "Habits" });
    }
    const [sessions, streakRuns, discovery] = await Promise.all([
      sessionStats(warehouse, period),
      streaks(warehouse, period),
      discoveryByMonth(warehouse, period),
    ]);
    return c.render(
      <HabitsPage {...{ period, sessionGapMinutes }} data={{ sessions, streaks: streakRuns, discovery }} />,
      { title: "Habits" },
    );
  });

  return app;
}
