/** Podcasts and audiobooks, kept apart from music. */
import { Hono } from "hono";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { readPeriod } from "../../middleware/request_context.ts";
import { PodcastsPage } from "./page.tsx";
import { showMinutes, spokenByYear } from "./queries.ts";

export function podcastsRoutes({ analysis, options }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(...analysis, readPeriod);

  app.get("/", async (c) => {
    const { warehouse, period, periodError: error } = c.var;
    const [shows, books, years] = error ? [[], [], []] : await Promise.all([
      showMinutes(warehouse, period, "episode"),
      showMinutes(warehouse, period, "audiobook"),
      spokenByYear(warehouse, period),
    ]);
    return c.render(
      <PodcastsPage {...{ period, shows, books, years, error }} timezone={options.timezone} />,
      { title: "Podcasts" },
    );
  });

  return app;
}
