/**
 * Observable Plot on the server: every chart gets its own linkedom `document` (Plot never sees a global one)
 * and comes back as SVG markup our own code produced, safe to embed with `raw()`.
 *
 * Plot writes inline `<style>` elements and `style` attributes, which the Content-Security-Policy (no inline
 * styles) blocks in the browser; they are removed here, and web/static/style.css styles the `chart` classes.
 */
import type * as PlotModule from "@observablehq/plot";
import type { parseHTML as ParseHTML } from "linkedom";

export type PlotOptions = Parameters<typeof PlotModule.plot>[0];

/**
 * Observable Plot, once loadCharts() has loaded it. Plot and linkedom are loaded with the first page a request
 * asks for, not at start: they are ~20 MB of a server's memory that nobody has visited yet (issue 14).
 */
export let Plot: typeof PlotModule = new Proxy({} as typeof PlotModule, {
  get: () => notLoaded(),
});
let parseHTML: typeof ParseHTML = () => notLoaded();
let loading: Promise<void> | undefined;

/** A chart drawn before loadCharts(): said clearly, whichever of Plot and linkedom it reached first. */
function notLoaded(): never {
  throw new Error("a chart before loadCharts(): the page's middleware must load the charts (chartsLoaded)");
}

/** Loads Plot and linkedom (once; later calls wait for the same load). Pages call it before any chart. */
export function loadCharts(): Promise<void> {
  return loading ??= (async () => {
    const [plot, linkedom] = await Promise.all([import("@observablehq/plot"), import("linkedom")]);
    Plot = plot;
    parseHTML = linkedom.parseHTML;
  })();
}

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
