/** The rankings of artists, tracks and albums in a period (Top; Overview and Review show their first rows). */
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { select } from "../../../warehouse/select.ts";
import type { Period } from "../../period.ts";
import comparePeriodsSql from "./compare_periods.sql" with { type: "text" };
import topItemsSql from "./top_items.sql" with { type: "text" };

export type TopKind = "artists" | "tracks" | "albums";
export type RankBy = "plays" | "minutes";

export interface TopRow {
  /** The surrogate key, as text (60 bits do not fit a JS number exactly). */
  key: string;
  name: string;
  /** The artist, for tracks and albums. */
  artistName: string | null;
  artistKey: string | null;
  plays: number;
  minutes: number;
  /** Share of all listening minutes of this kind in the period, 0..1. */
  share: number;
}

/** One page of the top artists, tracks or albums in a period, ranked by counted plays or by minutes. */
export async function topItems(
  warehouse: Warehouse,
  kind: TopKind,
  { period, by, limit, offset }: { period: Period; by: RankBy; limit: number; offset: number },
): Promise<{ rows: TopRow[]; total: number }> {
  const rows = await select<TopRow & { total: number }>(warehouse, topItemsSql, {
    kind,
    from_key: period.fromKey,
    to_key: period.toKey,
    // all time: every day a date_key can name
    all_time: period.fromKey <= 0 && period.toKey >= 99_991_231,
    by,
    limit,
    offset,
  });
  return { rows: rows.map(({ total: _total, ...row }) => row), total: rows[0]?.total ?? 0 };
}

/** How far down each period's ranking an item may be and still take part in a comparison. */
export const COMPARED_TOP = 100;

/** The lists a comparison of two periods makes (compare_periods.sql defines each). */
export type ChangeList = "riser" | "faller" | "new" | "gone";

export interface ChangeRow {
  key: string;
  name: string;
  artistName: string | null;
  artistKey: string | null;
  /** Rank, counted plays and minutes in this period; null when it was not played (gone). */
  rank: number | null;
  plays: number | null;
  minutes: number | null;
  /** The same in the previous period; null when it was not played then (new). */
  previousRank: number | null;
  previousPlays: number | null;
  previousMinutes: number | null;
  /** This period's plays (or minutes, ranked by minutes) less the previous period's; not played counts 0. */
  change: number;
}

export interface PeriodComparison {
  /** How many items each period ranked (played at all). */
  items: number;
  previousItems: number;
  /** The first `perList` rows of each list, and how many the list has in all. */
  lists: Record<ChangeList, { rows: ChangeRow[]; total: number }>;
}

/**
 * A period's ranking against the period just before it (previousPeriod()): the risers, fallers, new and gone
 * among the items in either period's top COMPARED_TOP, ranked as Top ranks (compare_periods.sql).
 */
export async function comparePeriods(
  warehouse: Warehouse,
  kind: TopKind,
  { period, previous, by, top = COMPARED_TOP, perList = 10 }: {
    period: Period;
    previous: Period;
    by: RankBy;
    /** How far down either ranking an item may be. Default COMPARED_TOP. */
    top?: number;
    /** Rows shown of each list. Default 10. */
    perList?: number;
  },
): Promise<PeriodComparison> {
  const rows = await select<
    ChangeRow & { items: number; previousItems: number; list: ChangeList | null; listSize: number }
  >(warehouse, comparePeriodsSql, {
    kind,
    by,
    from_key: period.fromKey,
    to_key: period.toKey,
    previous_from_key: previous.fromKey,
    previous_to_key: previous.toKey,
    top,
    per_list: perList,
  });
  const lists: PeriodComparison["lists"] = {
    riser: { rows: [], total: 0 },
    faller: { rows: [], total: 0 },
    new: { rows: [], total: 0 },
    gone: { rows: [], total: 0 },
  };
  for (const { items: _items, previousItems: _previous, list, listSize, ...row } of rows) {
    if (!list) continue;
    lists[list].rows.push(row);
    lists[list].total = listSize;
  }
  return { items: rows[0]?.items ?? 0, previousItems: rows[0]?.previousItems ?? 0, lists };
}
