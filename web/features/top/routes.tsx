/** Top artists, tracks or albums for any period, ranked by plays or minutes, 25 a page. */
import { Hono } from "hono";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { readPeriod } from "../../middleware/request_context.ts";
import { yearsWithPlays } from "../timeline/queries.ts";
import { TopPage } from "./page.tsx";
import { topItems, type TopKind } from "./queries.ts";

const PAGE_SIZE = 25;

export function topRoutes({ analysis }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(...analysis);

  app.get("/", (c) => c.redirect("/top/artists", 302));

  app.get("/:kind", readPeriod, async (c) => {
    const kind = c.req.param("kind") as TopKind;
    if (!["artists", "tracks", "albums"].includes(kind)) return c.notFound();
    c.header("Vary", "HX-Request");
    const by = c.req.query("by") === "minutes" ? "minutes" : "plays";
    const page = Math.max(1, Math.floor(Number(c.req.query("page") ?? 1)) || 1);
    const { warehouse, period, periodError: error } = c.var;
    const years = await yearsWithPlays(warehouse);
    const { rows, total } = error
      ? { rows: [], total: 0 }
      : await topItems(warehouse, kind, { period, by, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    return c.render(
      <TopPage {...{ kind, period, by, page, rows, total, years, error }} pageSize={PAGE_SIZE} />,
      { title: error ? "Top" : `Top ${kind}` },
    );
  });

  return app;
}
