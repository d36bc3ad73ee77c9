/**
 * Charts: `/charts/<artists|tracks|albums>?period=2023-W40|2023-10` (no period: the latest week with plays;
 * `?every=month`: the latest month); `/charts/history/<artist|track|album>/<key>`, an item's records and weekly
 * rank, which the item pages load as a fragment (HX-Request) and which is a page alone; and
 * `/charts/history/<kind>/<key>/ranks?every=week|month`, its rank chart alone (the switch swaps it).
 */
import { type Context, Hono } from "hono";
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { PeriodError } from "../../period.ts";
import { parseKey } from "../../request.ts";
import { itemCertification, medalOf, unfinished } from "../records/queries.ts";
import {
  type ChartEvery,
  type ChartPeriod,
  chartPeriodOf,
  parseChartPeriod,
  shiftChartPeriod,
  switchChartPeriod,
} from "./chart_period.ts";
import { ChartHistory, type HistoryData, RankChart } from "./history.tsx";
import { ChartPage } from "./page.tsx";
import { chart, type ChartKind, chartSpan, type ItemKind, itemName, rankHistory } from "./queries.ts";

/** Entries shown: the first 50 ranks (more when entries tie at 50). */
const SIZE = 50;
const KINDS = ["artists", "tracks", "albums"];
const ITEM_KINDS = ["artist", "track", "album"];

export function chartsRoutes({ analysis, options }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(...analysis);

  app.get("/", (c) => c.redirect("/charts/artists", 302));

  app.get("/:kind", async (c) => {
    const kind = c.req.param("kind") as ChartKind;
    if (!KINDS.includes(kind)) return c.notFound();
    const asked = c.req.query("period")?.trim() ?? "";
    const title = `Charts: ${kind}`;
    let period: ChartPeriod | undefined;
    try {
      if (asked) period = parseChartPeriod(asked);
    } catch (error) {
      if (!(error instanceof PeriodError)) throw error;
      c.status(400);
      const every = /W/i.test(asked) ? "week" : "month";
      return c.render(<ChartPage {...{ kind, every, asked }} error={error.message} />, { title });
    }
    const { warehouse } = c.var;
    const span = await chartSpan(warehouse);
    const every: ChartEvery = period?.every ?? (c.req.query("every") === "month" ? "month" : "week");
    if (!span) return c.render(<ChartPage {...{ kind, every, asked }} />, { title });
    period ??= chartPeriodOf(every, span.last);
    const [previous, next] = [shiftChartPeriod(period, -1), shiftChartPeriod(period, 1)];
    const entries = await chart(warehouse, kind, { period, previous, size: SIZE });
    return c.render(
      <ChartPage
        {...{ kind, every, asked }}
        data={{
          period,
          previous: previous.toKey >= span.first ? previous : undefined,
          next: next.fromKey <= span.last ? next : undefined,
          other: switchChartPeriod(period),
          chart: entries,
          size: SIZE,
          inProgress: period.toKey >= unfinished(options.now(), options.timezone).today,
        }}
      />,
      { title: `${period.label}: ${kind}` },
    );
  });

  app.get("/history/:kind/:key", async (c) => {
    c.header("Vary", "HX-Request");
    const item = await readItem(c.var.warehouse, c.req.param("kind"), c.req.param("key"));
    const fragment = c.req.header("HX-Request") === "true";
    if (!item) return notFound(c, fragment);
    const { kind, key, name } = item;
    const { warehouse } = c.var;
    const { weekStart, year } = unfinished(options.now(), options.timezone);
    const weekly = await rankHistory(warehouse, kind, key, "week");
    const yearly = await rankHistory(warehouse, kind, key, "year");
    const data: HistoryData = {
      kind,
      key: String(key),
      name,
      weeks: weekly,
      weeksAtOne: weekly.filter((point) => point.rank === 1 && point.periodStart < weekStart)
        .map((point) => point.periodStart),
      medals: yearly.filter((point) => point.rank <= 3 && point.periodStart < year * 10_000)
        .map((point) => ({
          year: Math.floor(point.periodStart / 10_000),
          rank: point.rank,
          medal: medalOf(point.rank)!,
        })),
      certification: await itemCertification(warehouse, kind, key),
    };
    if (fragment) return c.html(<ChartHistory data={data} />);
    return c.render(
      <>
        <p class="secondary">Chart history</p>
        <h1>{name}</h1>
        <p>
          <a href={`/${kind}s/${key}`}>Everything about this {kind}</a>
        </p>
        <ChartHistory data={data} />
      </>,
      { title: `${name}: chart history` },
    );
  });

  // The rank chart alone, for the switch between weeks and months: swapped by htmx, a page of its own else.
  app.get("/history/:kind/:key/ranks", async (c) => {
    c.header("Vary", "HX-Request");
    const item = await readItem(c.var.warehouse, c.req.param("kind"), c.req.param("key"));
    const fragment = c.req.header("HX-Request") === "true";
    if (!item) return notFound(c, fragment);
    const { kind, key, name } = item;
    const every = c.req.query("every") === "month" ? "month" : "week";
    const points = await rankHistory(c.var.warehouse, kind, key, every);
    const chart = <RankChart itemKey={String(key)} {...{ kind, name, every, points }} />;
    if (fragment) return c.html(chart);
    return c.render(
      <>
        <p class="secondary">{every === "week" ? "Weekly" : "Monthly"} rank</p>
        <h1>{name}</h1>
        <p>
          <a href={`/charts/history/${kind}/${key}`}>Its records</a> ·{" "}
          <a href={`/${kind}s/${key}`}>everything about this {kind}</a>
        </p>
        {chart}
      </>,
      { title: `${name}: ${every === "week" ? "weekly" : "monthly"} rank` },
    );
  });

  return app;
}

/** The artist, track or album a URL names, or undefined when the kind or key is not one. */
async function readItem(
  warehouse: Warehouse,
  kindParam: string,
  keyParam: string,
): Promise<{ kind: ItemKind; key: bigint; name: string } | undefined> {
  const kind = kindParam as ItemKind;
  const key = parseKey(keyParam);
  if (!ITEM_KINDS.includes(kind) || key === undefined) return undefined;
  const name = await itemName(warehouse, kind, key);
  return name === undefined ? undefined : { kind, key, name };
}

function notFound(c: Context<AppEnv>, fragment: boolean): Response | Promise<Response> {
  c.status(404);
  const message = (
    <p>
      No {c.req.param("kind")} has the key “{c.req.param("key")}” in this warehouse.
    </p>
  );
  return fragment ? c.html(message) : c.render(
    <>
      <h1>Not found</h1>
      {message}
    </>,
    { title: "Not found" },
  );
}
