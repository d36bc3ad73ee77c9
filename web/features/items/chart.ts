/** Minutes listened per month to one artist, track or album, over the whole span of its plays. */
import type { MonthMinutes } from "./queries.ts";
import { Plot, renderPlot } from "../../charts/render.ts";

export function minutesPerMonthChart(
  months: MonthMinutes[],
  { name, width = 960, height = 220 }: { name: string; width?: number; height?: number },
): string {
  const rows = months.map((row) => ({ ...row, date: new Date(`${row.month}T00:00:00Z`) }));
  const busiest = rows.reduce((best, row) => (row.minutes > best.minutes ? row : best), rows[0]);
  return renderPlot({
    width,
    height,
    marginLeft: 48,
    ariaLabel: `Minutes per month: ${name}`,
    ariaDescription: busiest
      ? `Bars of minutes listened per month from ${rows[0].month.slice(0, 7)} to ${
        rows.at(-1)!.month.slice(0, 7)
      }; ` +
        `the most in ${busiest.month.slice(0, 7)} with ${Math.round(busiest.minutes)} minutes.`
      : "No plays.",
    x: { type: "utc", label: null },
    y: { label: "Minutes", grid: true },
    marks: [
      Plot.rectY(rows, {
        x: "date",
        y: "minutes",
        interval: "month",
        fill: "#1db954",
        inset: 0.5,
        title: (row: { month: string; minutes: number; plays: number }) =>
          `${row.month.slice(0, 7)} · ${Math.round(row.minutes)} min · ${row.plays} plays`,
      }),
      Plot.ruleY([0]),
    ],
  });
}
