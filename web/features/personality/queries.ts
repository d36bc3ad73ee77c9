/** The Personality page's read: each listener's years as six explainable features. */
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { select } from "../../../warehouse/select.ts";
import { type FeatureId, MIN_PLAYS_PER_YEAR, type YearFeatures } from "./profiles.ts";
import yearFeaturesSql from "./year_features.sql" with { type: "text" };

/** The features of every listener's years with enough plays, oldest first. */
export async function yearFeatures(warehouse: Warehouse): Promise<YearFeatures[]> {
  const rows = await select<
    { userName: string; year: number; plays: number } & Record<FeatureId, number | null>
  >(warehouse, yearFeaturesSql, [MIN_PLAYS_PER_YEAR]);
  return rows.map((row) => ({
    userName: row.userName,
    year: row.year,
    plays: row.plays,
    values: {
      night: row.night ?? 0,
      morning: row.morning ?? 0,
      diversity: row.diversity!,
      discovery: row.discovery!,
      replay: row.replay!,
      // years before 2017 do not say: taken as the average of the years that do, so they stand out by nothing
      skips: row.skips ?? Number.NaN,
    },
  }));
}
