/** The overview: totals, this week and month, hours per year, top artists and tracks, the latest plays. */
import { type Context, Hono } from "hono";
import type { AppEnv, FeatureDeps, WebOptions } from "../../env.ts";
import { fillNowPlaying } from "../../middleware/now_playing.tsx";
import { parsePeriod } from "../../period.ts";
import { playHistory } from "../history/queries.ts";
import { topItems } from "../top/queries.ts";
import { WelcomePanel } from "../../components/welcome.tsx";
import { OverviewPage } from "./page.tsx";
import { hoursPerYear, overview, recentComparison } from "./queries.ts";

export function overviewRoutes({ analysis, options }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // What plays now is filled in after the page cache (web/middleware/now_playing.tsx).
  app.use("/", fillNowPlaying(options.nowPlaying), ...analysis);
  // A fresh machine (no plays, no settings) offers the first-run setup above the demo.
  app.get(
    "/",
    async (c) => renderOverview(c, options, { welcome: await options.firstRun?.offered() ?? false }),
  );
  return app;
}

/** The overview page of `c.var.warehouse` (a share link shows it too). */
export async function renderOverview(
  c: Context<AppEnv>,
  { timezone, now, minPlayMs }: Pick<WebOptions, "timezone" | "now" | "minPlayMs">,
  { welcome = false }: { welcome?: boolean } = {},
): Promise<Response> {
  const { warehouse } = c.var;
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: timezone }).format(now());
  const all = parsePeriod("all");
  const [totals, { rows: artists }, { rows: tracks }, years, recent, { rows: latest }] = await Promise.all([
    overview(warehouse),
    // The Top page's ranking for all time: artists by minutes, tracks by counted plays.
    topItems(warehouse, "artists", { period: all, by: "minutes", limit: 10, offset: 0 }),
    topItems(warehouse, "tracks", { period: all, by: "plays", limit: 10, offset: 0 }),
    hoursPerYear(warehouse),
    recentComparison(warehouse, today),
    playHistory(warehouse, { period: all, search: "", limit: 10, offset: 0 }),
  ]);
  return c.render(
    <>
      {welcome && <WelcomePanel />}
      <OverviewPage {...{ totals, artists, tracks, years, recent, latest, today, timezone, minPlayMs }} />
    </>,
    { title: "Overview" },
  );
}
