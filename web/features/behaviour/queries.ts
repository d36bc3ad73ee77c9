/** Behaviour: skips, shuffle, offline and incognito per year; platforms; why plays started and ended. */
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { select } from "../../../warehouse/select.ts";
import type { Period } from "../../period.ts";
import behaviourByYearSql from "./behaviour_by_year.sql" with { type: "text" };
import labelledMinutesSql from "./labelled_minutes.sql" with { type: "text" };

export interface BehaviourYear {
  year: number;
  plays: number;
  /** Shares of the plays whose flag is known (null when no play of the year says). */
  skipped: number | null;
  shuffle: number | null;
  offline: number | null;
  incognito: number | null;
}

/**
 * How music was played in a period, per local year and in total (year 0): skipped, on shuffle, offline,
 * incognito, each as a share of the plays that say (endsong-era rows leave `skipped` null).
 */
export async function behaviourByYear(warehouse: Warehouse, period: Period): Promise<BehaviourYear[]> {
  return await select<BehaviourYear>(warehouse, behaviourByYearSql, [period.fromKey, period.toKey]);
}

export interface LabelledMinutes {
  label: string;
  plays: number;
  minutes: number;
  /** Share of the period's minutes, 0..1. */
  share: number;
}

/** Music minutes in a period by platform family or by why plays started or ended, most first. */
export async function labelledMinutes(
  warehouse: Warehouse,
  period: Period,
  by: "platform" | "reason start" | "reason end",
): Promise<LabelledMinutes[]> {
  return await select<LabelledMinutes>(warehouse, labelledMinutesSql, {
    by,
    from_key: period.fromKey,
    to_key: period.toKey,
  });
}
