/** One item's rank per week or month as a line, rank 1 at the top; periods it did not chart in are gaps. */
import { Plot, renderPlot } from "../../charts/render.ts";
import type { RankPoint } from "./queries.ts";

interface Point {
  date: Date;
  rank: number | null;
  entries: number;
  plays: number;
}

/** Every period from the first to the last charted one; those it was absent from with a null rank. */
export function withGaps(points: RankPoint[], every: "week" | "month"): Point[] {
  if (points.length === 0) return [];
  const byStart = new Map(points.map((point) => [point.periodStart, point]));
  const filled: Point[] = [];
  const last = dateOf(points.at(-1)!.periodStart);
  for (let date = dateOf(points[0].periodStart); date <= last; date = next(date, every)) {
    const point = byStart.get(keyOf(date));
    filled.push({ date, rank: point?.rank ?? null, entries: point?.entries ?? 0, plays: point?.plays ?? 0 });
  }
  return filled;
}

export function rankChart(
  points: RankPoint[],
  { every, name, width = 960, height = 260, compact = false }: {
    every: "week" | "month";
    name: string;
    width?: number;
    height?: number;
    /** A phone's chart: a dense line gets no dots (too small to tell apart, and cheaper to draw). */
    compact?: boolean;
  },
): string {
  const rows = withGaps(points, every);
  const charted = rows.filter((row) => row.rank !== null);
  const worst = Math.max(1, ...charted.map((row) => row.rank!));
  const best = Math.min(...charted.map((row) => row.rank!));
  const dense = rows.length > 104;
  const label = (row: Point) =>
    `${every === "week" ? "Week of " : ""}${
      row.date.toLocaleDateString("en-GB", {
        day: every === "week" ? "numeric" : undefined,
        month: "short",
        year: "numeric",
        timeZone: "UTC",
      })
    } · #${row.rank} of ${row.entries} · ${row.plays} plays`;
  return renderPlot({
    width,
    height,
    marginLeft: 44,
    insetTop: 6,
    insetBottom: 6,
    ariaLabel: `${every === "week" ? "Weekly" : "Monthly"} rank: ${name}`,
    ariaDescription: charted.length
      ? `Charted in ${charted.length} of ${rows.length} ${every}s; best rank ${best}, lowest ${worst}.`
      : "Never charted.",
    x: { type: "utc", label: null },
    // Rank 1 at the top; a long tail of low ranks is compressed so the top ranks stay apart.
    y: {
      label: "Rank",
      reverse: true,
      grid: true,
      ...(worst > 10 ? { type: "log", domain: [1, worst], ticks: logTicks(worst) } : {
        domain: [1, Math.max(worst, 2)],
        ticks: Math.min(worst, 5),
      }),
      tickFormat: (rank: number) => `#${rank}`,
    },
    marks: [
      // Many weeks make a dense line: thinner and lighter, with every charted week a small dot on it.
      Plot.line(rows, {
        x: "date",
        y: "rank",
        stroke: "#1db954",
        strokeWidth: dense ? 1 : 1.5,
        strokeOpacity: dense ? 0.45 : 1,
      }),
      Plot.dot(compact && dense ? [] : charted, {
        x: "date",
        y: "rank",
        r: dense ? 1.6 : 2.5,
        fill: "#1db954",
        title: charted.length <= MAX_TITLES ? label : undefined,
      }),
    ],
  });
}

/** More charted periods than this get no tooltip each (a <title> per dot would double the page). */
const MAX_TITLES = 160;

function logTicks(worst: number): number[] {
  return [1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000].filter((tick) => tick <= worst);
}

function dateOf(key: number): Date {
  return new Date(Date.UTC(Math.floor(key / 10_000), Math.floor(key / 100) % 100 - 1, key % 100));
}

function keyOf(date: Date): number {
  return date.getUTCFullYear() * 10_000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
}

function next(date: Date, every: "week" | "month"): Date {
  return every === "week"
    ? new Date(date.getTime() + 7 * 86_400_000)
    : new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
}
