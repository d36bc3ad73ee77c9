/** Time patterns: weekday × hour, day parts on weekdays and weekends, and the seasons. */
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { select } from "../../../warehouse/select.ts";
import type { Period } from "../../period.ts";
import hourByWeekdaySql from "./hour_by_weekday.sql" with { type: "text" };
import dayPartsSql from "./day_parts.sql" with { type: "text" };

export interface HourWeekdayCell {
  /** ISO weekday, 1 = Monday. */
  dayOfWeek: number;
  hour: number;
  minutes: number;
  plays: number;
}

/** Listening by local weekday and hour in a period: counted plays and minutes per cell (music and podcasts). */
export async function hourByWeekday(warehouse: Warehouse, period: Period): Promise<HourWeekdayCell[]> {
  return await select<HourWeekdayCell>(warehouse, hourByWeekdaySql, [period.fromKey, period.toKey]);
}

export interface DayPartShare {
  dayPart: string;
  weekend: boolean;
  minutes: number;
}

/** Minutes by day part (night, morning, afternoon, evening) on weekdays and weekends in a period. */
export async function dayParts(warehouse: Warehouse, period: Period): Promise<DayPartShare[]> {
  return await select<DayPartShare>(warehouse, dayPartsSql, [period.fromKey, period.toKey]);
}

export interface SeasonMinutes {
  season: "winter" | "spring" | "summer" | "autumn";
  minutes: number;
  /** Local days of that season with at least one play. */
  days: number;
}

const SEASONS = ["winter", "spring", "summer", "autumn"];

/** Minutes by meteorological season (northern hemisphere, local dates) in a period. */
export async function seasonMinutes(warehouse: Warehouse, period: Period): Promise<SeasonMinutes[]> {
  const rows = await select<SeasonMinutes>(
    warehouse,
    `select dim_date.season, sum(agg_play_hour.ms_played)::double / 60000 as minutes,
        count(distinct agg_play_hour.date_key) as days
     from agg_play_hour join dim_date using (date_key)
     where agg_play_hour.date_key between $1 and $2 group by all`,
    [period.fromKey, period.toKey],
  );
  return rows.sort((a, b) => SEASONS.indexOf(a.season) - SEASONS.indexOf(b.season));
}
