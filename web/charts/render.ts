/**
 * Observable Plot on the server: every chart gets its own linkedom `document` (Plot never sees a global one)
 * and comes back as SVG markup our own code produced, safe to embed with `raw()`.
 *
 * Plot writes inline `<style>` elements and `style` attributes, which the Content-Security-Policy (no inline
 * styles) blocks in the browser; they are removed here, and web/static/style.css styles the `chart` classes.
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";

export type PlotOptions = Parameters<typeof Plot.plot>[0];

/** Class prefix of every chart element: `chart`, `chart-figure`, `chart-swatches`, `chart-swatch`. */
export const CHART_CLASS = "chart";

/** Renders `options` to an SVG (or a `<figure>` when a legend or caption is asked for) string. */
export function renderPlot(options: PlotOptions): string {
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  const chart = Plot.plot(
    { ...options, className: CHART_CLASS, document } as PlotOptions,
  ) as unknown as Element;
  for (const style of chart.querySelectorAll("style")) style.remove();
  chart.removeAttribute("style");
  for (const styled of chart.querySelectorAll("[style]")) styled.removeAttribute("style");
  return chart.outerHTML;
}

export { Plot };
