/** The Overview's own reads: totals, hours per year, and this week and month against the ones before. */
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { select, selectRow } from "../../../warehouse/select.ts";
import totalsSql from "./totals.sql" with { type: "text" };
import recentComparisonSql from "./recent_comparison.sql" with { type: "text" };

export interface Overview {
  plays: number;
  countedPlays: number;
  hoursListened: number;
  firstPlay: Date | null;
  lastPlay: Date | null;
  artists: number;
  tracks: number;
}

export async function overview(warehouse: Warehouse): Promise<Overview> {
  return (await selectRow<Overview>(warehouse, totalsSql))!;
}

export interface YearHours {
  year: number;
  contentType: string;
  hours: number;
}

/** Hours listened per local calendar year and kind of content. */
export async function hoursPerYear(warehouse: Warehouse): Promise<YearHours[]> {
  return await select<YearHours>(
    warehouse,
    `select date_key // 10000 as year, content_type, sum(ms_played)::double / 3600000 as hours
     from agg_play_hour group by all order by year, content_type`,
  );
}

export interface RecentComparison {
  /** Minutes (all content) from Monday to `today`, and over the same weekdays of the week before. */
  weekMinutes: number;
  previousWeekMinutes: number;
  /** Minutes from the 1st of the month to `today`, and over the same days of the month before. */
  monthMinutes: number;
  previousMonthMinutes: number;
}

/** This week and this month so far against the same span before; `today` is the local date (yyyy-mm-dd). */
export async function recentComparison(warehouse: Warehouse, today: string): Promise<RecentComparison> {
  return (await selectRow<RecentComparison>(warehouse, recentComparisonSql, { today }))!;
}
