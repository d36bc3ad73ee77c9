/** The year in review for any period, printable, and shareable through a read-only link. */
import { type Context, Hono } from "hono";
import type { AppEnv, FeatureDeps, WebOptions } from "../../env.ts";
import { parsePeriod, PeriodError } from "../../period.ts";
import { countryMinutes } from "../geography/queries.ts";
import { genreMinutes } from "../genres/queries.ts";
import { yearsWithPlays } from "../timeline/queries.ts";
import { topItems, type TopKind } from "../top/queries.ts";
import { ReviewPage } from "./page.tsx";
import { review } from "./queries.ts";

export function reviewRoutes({ analysis, options }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("/", ...analysis);

  app.get("/", (c) => renderReview(c, options, { period: c.req.query("period") }));

  app.post("/share", async (c) => {
    const { shares } = options;
    if (!shares) return c.text("Sharing is not available", 404);
    const form = await c.req.parseBody();
    const days = Number(form.days ?? 30);
    let period;
    try {
      period = parsePeriod(String(form.period ?? ""));
    } catch (error) {
      if (!(error instanceof PeriodError)) throw error;
      return c.text(error.message, 400);
    }
    if (!Number.isInteger(days) || days < 1 || days > 365) return c.text("A link lasts 1 to 365 days.", 400);
    await shares.create(`review:${period.value}`, days);
    return c.redirect("/settings#share-heading", 303);
  });

  return app;
}

/**
 * The review of `period` (a period value; without one, the latest year with plays) of `c.var.warehouse`; a
 * share link shows it `shared`: no period choice, no share form, no links into the rest of the dashboard.
 */
export async function renderReview(
  c: Context<AppEnv>,
  { timezone, sessionGapMinutes }: Pick<WebOptions, "timezone" | "sessionGapMinutes">,
  { period: value, shared = false }: { period: string | undefined; shared?: boolean },
): Promise<Response> {
  const { warehouse } = c.var;
  const years = await yearsWithPlays(warehouse);
  const page = { years, timezone, shared, sessionGapMinutes };
  let period;
  try {
    period = parsePeriod(value ?? String(years[0] ?? "all"));
  } catch (error) {
    if (!(error instanceof PeriodError)) throw error;
    c.status(400);
    return c.render(
      <ReviewPage {...page} period={{ ...parsePeriod("all"), value: value ?? "" }} error={error.message} />,
      { title: "Review" },
    );
  }
  const top = (kind: TopKind) =>
    topItems(warehouse, kind, { period, by: "minutes", limit: 5, offset: 0 }).then((result) => result.rows);
  const [data, artists, tracks, albums, genres, countries] = await Promise.all([
    review(warehouse, period),
    top("artists"),
    top("tracks"),
    top("albums"),
    genreMinutes(warehouse, period, { level: "genre", limit: 5 }),
    countryMinutes(warehouse, period),
  ]);
  return c.render(
    <ReviewPage
      {...page}
      period={period}
      data={{ review: data, artists, tracks, albums, genres, countries }}
    />,
    { title: `${period.label} in review` },
  );
}
