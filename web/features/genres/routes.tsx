/** Genres: the period's music by genre family and genre, each year's mix, the top genres per year. */
import { Hono } from "hono";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { readPeriod } from "../../middleware/request_context.ts";
import { GenresPage } from "./page.tsx";
import { enrichedShare, genreMinutes, parentGenresByYear, topGenresPerYear } from "./queries.ts";

export function genresRoutes({ analysis }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(...analysis, readPeriod);

  app.get("/", async (c) => {
    const { warehouse, period, periodError: error } = c.var;
    if (error) return c.render(<GenresPage period={period} error={error} />, { title: "Genres" });
    const [coverage, parents, genres, byYear, topPerYear] = await Promise.all([
      enrichedShare(warehouse, period),
      genreMinutes(warehouse, period, { level: "parent" }),
      genreMinutes(warehouse, period, { level: "genre", limit: 25 }),
      parentGenresByYear(warehouse, period),
      topGenresPerYear(warehouse, period),
    ]);
    return c.render(<GenresPage period={period} data={{ coverage, parents, genres, byYear, topPerYear }} />, {
      title: "Genres",
    });
  });

  return app;
}
