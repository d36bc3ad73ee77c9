/**
 * Observable Plot on the server: every chart gets a document of its own (svg_dom.ts; Plot never sees a global
 * one) and comes back as SVG markup our own code produced, safe to embed with `raw()`.
 *
 * Plot writes inline `<style>` elements and `style` attributes, which the Content-Security-Policy (no inline
 * styles) blocks in the browser; svg_dom.ts leaves them out, and web/static/style.css styles the `chart` classes.
 */
import type * as PlotModule from "@observablehq/plot";
import { ChartDocument, type ChartElement } from "./svg_dom.ts";

export type PlotOptions = Parameters<typeof PlotModule.plot>[0];

/**
 * Observable Plot, once loadCharts() has loaded it. Plot is loaded with the first page a request asks for, not
 * at start: it is ~20 MB of a server's memory that nobody has visited yet (issue 14).
 */
export let Plot: typeof PlotModule = new Proxy({} as typeof PlotModule, {
  get: () => notLoaded(),
});
let loading: Promise<void> | undefined;

/** A chart drawn before loadCharts(): said clearly. */
function notLoaded(): never {
  throw new Error("a chart before loadCharts(): the page's middleware must load the charts (chartsLoaded)");
}

/** Loads Plot (once; later calls wait for the same load). Pages call it before any chart. */
export function loadCharts(): Promise<void> {
  return loading ??= (async () => {
    Plot = await import("@observablehq/plot");
  })();
}

/** Class prefix of every chart element: `chart`, `chart-figure`, `chart-swatches`, `chart-swatch`. */
export const CHART_CLASS = "chart";

/** Renders `options` to an SVG (or a `<figure>` when a legend or caption is asked for) string. */
export function renderPlot(options: PlotOptions): string {
  const document = new ChartDocument();
  const chart = Plot.plot(
    { ...options, className: CHART_CLASS, document } as unknown as PlotOptions,
  ) as unknown as ChartElement;
  return chart.outerHTML;
}
