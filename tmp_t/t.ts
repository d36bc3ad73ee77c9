import world from "world-atlas/countries-110m.json" with { type: "json" };
import { feature } from "topojson-client";
// deno-lint-ignore no-explicit-any
const countries = feature(world as any, (world as any).objects.countries) as any;
console.log(
  countries.features.length,
  countries.features.slice(0, 3).map((f: any) => [f.id, f.properties.name]),
);
console.log(countries.features.filter((f: any) => !f.id).map((f: any) => f.properties.name));
