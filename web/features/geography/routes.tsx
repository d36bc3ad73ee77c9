/** Geography: the period's music by the artists' country of origin, on a world map and in a table. */
import { Hono } from "hono";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { readPeriod } from "../../middleware/request_context.ts";
import { enrichedShare } from "../genres/queries.ts";
import { GeographyPage } from "./page.tsx";
import { countryMinutes } from "./queries.ts";

export function geographyRoutes({ analysis }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(...analysis, readPeriod);

  app.get("/", async (c) => {
    const { warehouse, period, periodError: error } = c.var;
    if (error) return c.render(<GeographyPage period={period} error={error} />, { title: "Geography" });
    const [coverage, countries] = await Promise.all([
      enrichedShare(warehouse, period),
      countryMinutes(warehouse, period),
    ]);
    return c.render(<GeographyPage period={period} data={{ coverage, countries }} />, { title: "Geography" });
  });

  return app;
}
