/** Horizontal bars of shares by label (platforms, reasons): at most `limit` bars, largest first. */
import { Plot, renderPlot } from "./render.ts";

/** A bar: what it is, and its share (0..1). */
export interface LabelledShare {
  label: string;
  share: number;
}

export function labelledSharesChart(
  rows: LabelledShare[],
  { title, width = 480, limit = 8 }: { title: string; width?: number; limit?: number },
): string {
  const shown = rows.slice(0, limit);
  return renderPlot({
    width,
    height: 30 + shown.length * 28,
    marginLeft: 150,
    marginRight: 48,
    ariaLabel: title,
    ariaDescription: shown.length
      ? `Bars of the share of minutes by ${title.toLowerCase()}; the largest is ${shown[0].label} at ` +
        `${(shown[0].share * 100).toFixed(1)} %.`
      : "No plays in this period.",
    x: { label: null, percent: true, axis: null },
    y: { label: null, domain: shown.map((row) => row.label) },
    marks: [
      Plot.barX(shown, { x: "share", y: "label", fill: "#1db954" }),
      Plot.text(shown, {
        x: "share",
        y: "label",
        text: (row: LabelledShare) => `${(row.share * 100).toFixed(1)} %`,
        textAnchor: "start",
        dx: 4,
        fill: "currentColor",
      }),
    ],
  });
}
