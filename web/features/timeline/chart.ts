/**
 * Hours per day, week or month as bars; each bar is a link that zooms in (a month to its days, a week to its
 * days, a day to its plays in History): brushing by links, with no script.
 */
import type { TimelineBucket, TimelineStep } from "./queries.ts";
import { Plot, renderPlot } from "../../charts/render.ts";

export function timelineChart(
  buckets: TimelineBucket[],
  { step, width = 960, height = 260 }: { step: TimelineStep; width?: number; height?: number },
): string {
  const rows = buckets.map((bucket) => ({ ...bucket, date: new Date(`${bucket.start}T00:00:00Z`) }));
  const busiest = rows.reduce((best, row) => (row.hours > best.hours ? row : best), rows[0]);
  return renderPlot({
    width,
    height,
    marginLeft: 44,
    ariaLabel: `Hours listened per ${step}`,
    ariaDescription: busiest
      ? `Bars of hours listened per ${step} from ${rows[0].start} to ${
        rows.at(-1)!.start
      }; the most in the ` +
        `${step} of ${busiest.start} with ${busiest.hours.toFixed(1)} hours. Each bar links to a closer view.`
      : "No plays in this period.",
    x: { type: "utc", label: null },
    y: { label: "Hours", grid: true },
    marks: [
      Plot.rectY(rows, {
        x: "date",
        y: "hours",
        interval: step === "week" ? "monday" : step,
        fill: "#1db954",
        inset: rows.length > 200 ? 0 : 0.5,
        href: (row: TimelineBucket) => zoomLink(row.start, step),
        title: (row: TimelineBucket) =>
          `${step === "week" ? "week of " : ""}${label(row.start, step)} · ${
            row.hours.toFixed(1)
          } h · ${row.plays} plays`,
      }),
      Plot.ruleY([0]),
    ],
  });
}

/** Where a bar leads: a month or week to its days, a day to its plays. */
export function zoomLink(start: string, step: TimelineStep): string {
  if (step === "month") return `/timeline?period=${start.slice(0, 7)}&step=day`;
  const end = step === "week" ? addDays(start, 6) : start;
  const range = `${start}..${end}`;
  return step === "week" ? `/timeline?period=${range}&step=day` : `/history?period=${range}`;
}

function label(start: string, step: TimelineStep): string {
  return step === "month" ? start.slice(0, 7) : start;
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
