/** Listening over time: the years with plays (every period filter offers them) and hours per day, week or month. */
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { select } from "../../../warehouse/select.ts";
import type { Period } from "../../period.ts";
import timelineSql from "./timeline.sql" with { type: "text" };

export type TimelineStep = "day" | "week" | "month";

export interface TimelineBucket {
  /** First local day of the bucket (yyyy-mm-dd; weeks start on Monday). */
  start: string;
  hours: number;
  plays: number;
}

/** The local years that have plays, newest first (for period filters). */
export async function yearsWithPlays(warehouse: Warehouse): Promise<number[]> {
  const rows = await warehouse.rows<{ year: number }>(
    "select distinct date_key // 10000 as year from fct_play order by year desc",
  );
  return rows.map((row) => row.year);
}

/** Hours listened (all content) per local day, ISO week or month in a period; empty buckets left out. */
export async function timeline(
  warehouse: Warehouse,
  period: Period,
  step: TimelineStep,
): Promise<TimelineBucket[]> {
  return await select<TimelineBucket>(warehouse, timelineSql, {
    step,
    from_key: period.fromKey,
    to_key: period.toKey,
  });
}
