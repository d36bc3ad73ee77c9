/** A heatmap of listening minutes by local weekday (rows) and hour (columns). */
import type { HourWeekdayCell } from "./queries.ts";
import { Plot, renderPlot } from "../../charts/render.ts";

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

export function hourByWeekdayChart(
  cells: HourWeekdayCell[],
  { width = 960 }: { width?: number } = {},
): string {
  // Every cell is drawn, listened to or not, so an empty hour reads as empty rather than missing.
  const byCell = new Map(cells.map((cell) => [`${cell.dayOfWeek}-${cell.hour}`, cell]));
  const grid = DAYS.flatMap((day, i) =>
    Array.from({ length: 24 }, (_, hour) => {
      const cell = byCell.get(`${i + 1}-${hour}`);
      return { day, hour, minutes: cell?.minutes ?? 0, plays: cell?.plays ?? 0 };
    })
  );
  const busiest = grid.reduce((best, cell) => (cell.minutes > best.minutes ? cell : best), grid[0]);
  return renderPlot({
    width,
    height: 260,
    marginLeft: 44,
    padding: 0.05,
    ariaLabel: "Listening by weekday and hour",
    ariaDescription: busiest.minutes > 0
      ? `Heatmap of minutes listened per weekday and local hour; the busiest is ${busiest.day} at ` +
        `${busiest.hour}:00 with ${Math.round(busiest.minutes)} minutes.`
      : "No plays in this period.",
    x: { label: "Hour of day (local)", tickFormat: (hour: number) => String(hour).padStart(2, "0") },
    y: { label: null, domain: DAYS },
    // A quantized scale: its legend is drawn with SVG rectangles (a continuous ramp needs a canvas, which the
    // server-side DOM does not have).
    // Ticks in SI units (2k, 4k, …): whole minutes over a long history ran into each other.
    color: { type: "quantize", n: 6, scheme: "greens", label: "Minutes", legend: true, tickFormat: "~s" },
    marks: [
      Plot.cell(grid, {
        x: "hour",
        y: "day",
        fill: "minutes",
        inset: 0.5,
        title: (cell: { day: string; hour: number; minutes: number; plays: number }) =>
          `${cell.day} ${String(cell.hour).padStart(2, "0")}:00 · ${
            Math.round(cell.minutes)
          } min · ${cell.plays} plays`,
      }),
    ],
  });
}
