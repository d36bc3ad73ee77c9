/**
 * Observable Plot on the server: every chart gets its own linkedom `document` (Plot never sees a global one)
 * and comes back as SVG markup our own code produced, safe to embed with `raw()`.
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";

export type PlotOptions = Parameters<typeof Plot.plot>[0];

/** Renders `options` to an SVG (or a `<figure>` when a legend or caption is asked for) string. */
export function renderPlot(options: PlotOptions): string {
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  const chart = Plot.plot({ ...options, document } as PlotOptions);
  return (chart as unknown as { outerHTML: string }).outerHTML;
}

export { Plot };
