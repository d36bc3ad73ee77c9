/**
 * Top artists, tracks or albums for any period, ranked by plays or minutes, 25 a page; with compare=previous,
 * the period against the one before it. An htmx request (the filter form) gets only the section it replaces.
 */
import { Hono } from "hono";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { readPeriod } from "../../middleware/request_context.ts";
import { yearsWithPlays } from "../timeline/queries.ts";
import { TopPage, type TopProps, TopSection } from "./page.tsx";
import { previousPeriod } from "./previous_period.ts";
import { comparePeriods, topItems, type TopKind } from "./queries.ts";

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
    const { warehouse, period } = c.var;
    // compare=previous, or nothing (the form's box unticked); anything else is refused, as a bad period is.
    const compareValue = c.req.query("compare") ?? "";
    const compare = compareValue === "previous";
    let error = c.var.periodError;
    if (!error && compareValue && !compare) {
      c.status(400);
      error = `"${compareValue.slice(0, 100)}" is not a comparison: use compare=previous, or leave it out`;
    }
    const previous = error ? undefined : previousPeriod(period);
    const fragment = c.req.header("HX-Request") === "true";
    const props: TopProps = {
      kind,
      period,
      by,
      page,
      pageSize: PAGE_SIZE,
      rows: [],
      total: 0,
      // the period filter's suggestions: only the full page has the form
      years: fragment ? [] : await yearsWithPlays(warehouse),
      compare,
      previous,
      error,
    };
    if (!error && compare && previous) {
      props.comparison = await comparePeriods(warehouse, kind, { period, previous, by });
    } else if (!error && !compare) {
      Object.assign(
        props,
        await topItems(warehouse, kind, { period, by, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      );
    }
    const title = error
      ? "Top"
      : compare && previous
      ? `Top ${kind}: ${period.label} against ${previous.label}`
      : `Top ${kind}`;
    if (fragment) {
      // htmx makes a title at the top of a fragment the page's
      return c.html(
        <>
          <title>{`${title} · Music Tracker`}</title>
          <TopSection {...props} />
        </>,
      );
    }
    return c.render(<TopPage {...props} />, { title });
  });

  return app;
}
