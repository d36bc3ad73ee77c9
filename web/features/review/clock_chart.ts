/** The listening clock: minutes by local hour of day, 0 to 23, as bars. */
import { Plot, renderPlot } from "../../charts/render.ts";

export function listeningClockChart(
  clock: { hour: number; minutes: number }[],
  { width = 480, height = 200 }: { width?: number; height?: number } = {},
): string {
  const peak = clock.reduce((best, hour) => (hour.minutes > best.minutes ? hour : best), clock[0]);
  return renderPlot({
    width,
    height,
    marginLeft: 44,
    ariaLabel: "Listening clock",
    ariaDescription: peak && peak.minutes > 0
      ? `Bars of minutes listened by local hour of day; the most at ${peak.hour}:00 with ${
        Math.round(peak.minutes)
      } minutes.`
      : "No plays in this period.",
    x: {
      label: "Hour of day (local)",
      type: "band",
      tickFormat: (hour: number) => (hour % 3 ? "" : String(hour)),
    },
    y: { label: "Minutes", grid: true },
    marks: [
      Plot.barY(clock, {
        x: "hour",
        y: "minutes",
        fill: "#1db954",
        title: (hour: { hour: number; minutes: number }) =>
          `${String(hour.hour).padStart(2, "0")}:00 · ${Math.round(hour.minutes)} min`,
      }),
      Plot.ruleY([0]),
    ],
  });
}
