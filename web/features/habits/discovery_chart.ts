/** New artists per month, with the part that stuck (played again 30 days or more later) drawn darker. */
import type { DiscoveryMonth } from "./queries.ts";
import { Plot, renderPlot } from "../../charts/render.ts";

export function discoveryChart(
  months: DiscoveryMonth[],
  { width = 960, height = 240 }: { width?: number; height?: number } = {},
): string {
  const rows = months.flatMap((month) => {
    const date = new Date(`${month.month}-01T00:00:00Z`);
    return [
      { date, month: month.month, part: "stuck", artists: month.stuckArtists },
      { date, month: month.month, part: "tried", artists: month.newArtists - month.stuckArtists },
    ];
  });
  const total = months.reduce((sum, month) => sum + month.newArtists, 0);
  const stuck = months.reduce((sum, month) => sum + month.stuckArtists, 0);
  return renderPlot({
    width,
    height,
    marginLeft: 44,
    ariaLabel: "New artists per month",
    ariaDescription: total
      ? `Stacked bars of artists first played each month; ${total} in all, ${stuck} of them played again 30 ` +
        "days or more later."
      : "No new artists in this period.",
    x: { type: "utc", label: null },
    y: { label: "New artists", grid: true },
    color: {
      domain: ["stuck", "tried"],
      range: ["#1a7f3c", "#8fd6a6"],
      legend: true,
      tickFormat: (part: string) => (part === "stuck" ? "played again after 30 days" : "not (yet)"),
    },
    marks: [
      Plot.rectY(rows, {
        x: "date",
        y: "artists",
        fill: "part",
        interval: "month",
        inset: 0.5,
        title: (row: { month: string; part: string; artists: number }) =>
          `${row.month} · ${row.artists} ${row.part}`,
      }),
      Plot.ruleY([0]),
    ],
  });
}
