/** The rankings of artists, tracks and albums in a period (Top; Overview and Review show their first rows). */
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { select } from "../../../warehouse/select.ts";
import type { Period } from "../../period.ts";
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
