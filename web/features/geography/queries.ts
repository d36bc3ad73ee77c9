/** Geography: listening by the artists' country of origin. */
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { select } from "../../../warehouse/select.ts";
import type { Period } from "../../period.ts";
import countryMinutesSql from "./country_minutes.sql" with { type: "text" };

export interface CountryMinutes {
  countryCode: string;
  /** ISO 3166 numeric code, as the world map's shapes are keyed (null for Kosovo). */
  numericCode: string | null;
  name: string;
  region: string | null;
  minutes: number;
  /** Share of the period's music minutes whose artist has a known country, 0..1. */
  share: number;
  artists: number;
  /** The country's most listened artist in the period. */
  topArtist: string;
}

/** Listening by the artists' country of origin in a period, most listened first. */
export async function countryMinutes(warehouse: Warehouse, period: Period): Promise<CountryMinutes[]> {
  return await select<CountryMinutes>(warehouse, countryMinutesSql, [period.fromKey, period.toKey]);
}
