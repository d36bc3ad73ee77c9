/** History: every play, newest first, searchable, 50 a page. */
import { Hono } from "hono";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { readPeriod } from "../../middleware/request_context.ts";
import { HistoryPage } from "./page.tsx";
import { playHistory } from "./queries.ts";

const PAGE_SIZE = 50;

export function historyRoutes({ analysis, options }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(...analysis, readPeriod);

  app.get("/", async (c) => {
    c.header("Vary", "HX-Request");
    const search = (c.req.query("q") ?? "").trim().slice(0, 200);
    const page = Math.max(1, Math.floor(Number(c.req.query("page") ?? 1)) || 1);
    const { warehouse, period, periodError: error } = c.var;
    const { rows, total } = error
      ? { rows: [], total: 0 }
      : await playHistory(warehouse, { period, search, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    return c.render(
      <HistoryPage
        {...{ period, search, page, rows, total, error }}
        pageSize={PAGE_SIZE}
        timezone={options.timezone}
      />,
      { title: "History" },
    );
  });

  return app;
}
