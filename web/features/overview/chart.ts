/** Hours listened per year, stacked by kind of content: music, podcasts, audiobooks. */
import type { YearHours } from "./queries.ts";
import { Plot, renderPlot } from "../../charts/render.ts";

const CONTENT_LABELS: Record<string, string> = {
  track: "Music",
  episode: "Podcasts",
  audiobook: "Audiobooks",
};
/** Mid-tone colours that read on both the light and the dark theme. */
const CONTENT_COLORS = ["#1db954", "#8e6cef", "#e8a33d"];

export function hoursPerYearChart(
  data: YearHours[],
  { width = 960, height = 300 }: { width?: number; height?: number } = {},
): string {
  const rows = data.map((row) => ({ ...row, content: CONTENT_LABELS[row.contentType] ?? row.contentType }));
  const years = [...new Set(rows.map((row) => row.year))].sort((a, b) => a - b);
  return renderPlot({
    width,
    height,
    marginLeft: 48,
    ariaLabel: "Hours listened per year",
    ariaDescription: years.length
      ? `Bar chart of hours listened in each year from ${years[0]} to ${years.at(-1)}, by kind of content.`
      : "No plays yet.",
    x: {
      label: null,
      // On a narrow chart every other year is labelled, so the labels stay readable.
      tickFormat: (year: number) => width < 600 && years.length > 8 && year % 2 ? "" : String(year),
      domain: years,
      type: "band",
    },
    y: { label: "Hours", grid: true },
    color: { domain: Object.values(CONTENT_LABELS), range: CONTENT_COLORS, legend: true },
    marks: [
      Plot.barY(rows, {
        x: "year",
        y: "hours",
        fill: "content",
        title: (row: { year: number; content: string; hours: number }) =>
          `${row.year} · ${row.content}: ${row.hours.toFixed(1)} h`,
      }),
      Plot.ruleY([0]),
    ],
  });
}
