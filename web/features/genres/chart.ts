/** Each year's music split by parent genre, as shares of that year (stacked bars summing to 100 %). */
import type { YearGenreMinutes } from "./queries.ts";
import { Plot, renderPlot } from "../../charts/render.ts";

/** Parents drawn in colour; the rest are summed as "other genres" so the legend stays readable. */
const SHOWN = 8;

export function genresByYearChart(
  data: YearGenreMinutes[],
  { width = 960, height = 300 }: { width?: number; height?: number } = {},
): string {
  const totals = new Map<string, number>();
  for (const row of data) totals.set(row.parent, (totals.get(row.parent) ?? 0) + row.minutes);
  const shown = [...totals].sort((a, b) => b[1] - a[1]).slice(0, SHOWN).map(([parent]) => parent);
  const grouped = new Map<string, { year: number; parent: string; minutes: number }>();
  for (const row of data) {
    const parent = shown.includes(row.parent) ? row.parent : "other genres";
    const key = `${row.year}|${parent}`;
    const entry = grouped.get(key) ?? { year: row.year, parent, minutes: 0 };
    entry.minutes += row.minutes;
    grouped.set(key, entry);
  }
  const rows = [...grouped.values()];
  const years = [...new Set(rows.map((row) => row.year))].sort((a, b) => a - b);
  const domain = [...shown, ...(rows.some((row) => row.parent === "other genres") ? ["other genres"] : [])];
  return renderPlot({
    width,
    height,
    marginLeft: 44,
    ariaLabel: "Genres per year",
    ariaDescription: years.length
      ? `Stacked bars of each year's music by genre from ${years[0]} to ${
        years.at(-1)
      }, as shares of the year; ` +
        `most listened overall: ${shown.slice(0, 3).join(", ")}.`
      : "No genres known for this period.",
    x: {
      label: null,
      type: "band",
      domain: years,
      tickFormat: (year: number) => width < 600 && years.length > 8 && year % 2 ? "" : String(year),
    },
    y: { label: "Share of the year (%)", percent: true, grid: true },
    // Tableau 10 reads on both themes; grey is kept for the remainder.
    color: {
      domain,
      range: [...Array.from({ length: shown.length }, (_, i) => TABLEAU[i]), "#9a9a9a"],
      legend: true,
    },
    marks: [
      Plot.barY(rows, {
        x: "year",
        y: "minutes",
        fill: "parent",
        offset: "normalize",
        order: domain,
        title: (row: { year: number; parent: string; minutes: number }) =>
          `${row.year} · ${row.parent} · ${Math.round(row.minutes).toLocaleString("en-US")} min`,
      }),
      Plot.ruleY([0]),
    ],
  });
}

const TABLEAU = ["#4e79a7", "#f28e2c", "#e15759", "#76b7b2", "#59a14f", "#edc949", "#af7aa1", "#ff9da7"];
