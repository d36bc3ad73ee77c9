/**
 * A world map of listening by the artists' country of origin: countries filled by minutes (quantile classes, so
 * one dominant country does not wash out the rest), the others drawn faintly. Shapes: Natural Earth 1:110m from
 * the world-atlas package, keyed by ISO 3166 numeric code.
 */
import world from "world-atlas/countries-110m.json" with { type: "json" };
import { feature } from "topojson-client";
import type { CountryMinutes } from "./queries.ts";
import { Plot, renderPlot } from "../../charts/render.ts";

interface CountryShape {
  type: "Feature";
  id?: string;
  properties: { name: string };
  geometry: unknown;
}

// Converted on the first map drawn, then kept: the topology never changes, and CLI commands never draw one.
let shapes: CountryShape[] | undefined;
function countryShapes(): CountryShape[] {
  shapes ??= (feature(
    world as unknown as Parameters<typeof feature>[0],
    (world as unknown as { objects: { countries: Parameters<typeof feature>[1] } }).objects.countries,
  ) as unknown as { features: CountryShape[] }).features;
  return shapes;
}

export function worldMapChart(countries: CountryMinutes[], { width = 960 }: { width?: number } = {}): string {
  const byNumeric = new Map(countries.filter((c) => c.numericCode).map((c) => [c.numericCode!, c]));
  const byName = new Map(countries.map((c) => [c.name, c]));
  // Kosovo has no numeric code: its shape carries only a name.
  const listened = (shape: CountryShape) =>
    (shape.id ? byNumeric.get(shape.id) : undefined) ?? byName.get(shape.properties.name);
  const top = countries[0];
  const all = countryShapes();
  return renderPlot({
    width,
    height: Math.round(width * 0.5),
    projection: "equal-earth",
    ariaLabel: "World map of listening by artist origin",
    ariaDescription: top
      ? `Countries filled by minutes listened to artists from there; ${countries.length} countries, the most ` +
        `listened ${top.name} with ${Math.round(top.minutes).toLocaleString("en-US")} minutes.`
      : "No artist with a known country in this period.",
    color: {
      type: "quantile",
      n: Math.min(5, Math.max(1, countries.length)),
      scheme: "greens",
      label: "Minutes",
      legend: countries.length > 1,
      tickFormat: (minutes: number) => Math.round(minutes).toLocaleString("en-US"),
    },
    marks: [
      Plot.sphere({ stroke: "currentColor", strokeOpacity: 0.3 }),
      Plot.geo(all, {
        fill: "currentColor",
        fillOpacity: 0.07,
        stroke: "currentColor",
        strokeOpacity: 0.2,
      }),
      Plot.geo(all.filter((shape) => listened(shape)), {
        fill: (shape: CountryShape) => listened(shape)!.minutes,
        stroke: "currentColor",
        strokeOpacity: 0.35,
        title: (shape: CountryShape) => {
          const country = listened(shape)!;
          return `${country.name}: ${Math.round(country.minutes).toLocaleString("en-US")} min, ` +
            `${country.artists} artist${
              country.artists === 1 ? "" : "s"
            } (most listened: ${country.topArtist})`;
        },
      }),
    ],
  });
}
