/**
 * Weekly and monthly charts of artists, tracks and albums (ranked by counted plays, ties by minutes, with each
 * entry's movement since the previous chart), and one item's rank in every week, month or year it charted in.
 * Every query leaves excluded plays out and reads music only.
 */
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { select, selectRow } from "../../../warehouse/select.ts";
import type { ChartPeriod } from "./chart_period.ts";
import chartSql from "./chart.sql" with { type: "text" };
import rankHistorySql from "./rank_history.sql" with { type: "text" };

export type ChartKind = "artists" | "tracks" | "albums";
export type ItemKind = "artist" | "track" | "album";

/** Where an entry stands against the previous chart of the same kind (week or month). */
export type Movement =
  | { kind: "new" }
  | { kind: "re-entry" }
  | { kind: "up" | "down"; by: number }
  | { kind: "same" };

export interface ChartEntry {
  key: string;
  name: string;
  /** The artist, for tracks and albums. */
  artistKey: string | null;
  artistName: string | null;
  /** Shared by entries equal on plays and minutes; the next rank then skips (1, 2, 2, 4). */
  rank: number;
  plays: number;
  minutes: number;
  /** Its rank in the previous period's chart, or null when it had no counted plays then. */
  previousRank: number | null;
  movement: Movement;
}

export interface Chart {
  entries: ChartEntry[];
  /** How many charted (had counted plays) in the period, shown or not. */
  charted: number;
}

/** The chart of `period` up to rank `size` (more when entries tie at the cut), against `previous`. */
export async function chart(
  warehouse: Warehouse,
  kind: ChartKind,
  { period, previous, size }: { period: ChartPeriod; previous: ChartPeriod; size: number },
): Promise<Chart> {
  const rows = await select<Omit<ChartEntry, "movement"> & { entries: number; chartedBefore: boolean }>(
    warehouse,
    chartSql,
    {
      kind,
      from_key: period.fromKey,
      to_key: period.toKey,
      // the previous period ends the day before this one starts
      previous_from: previous.fromKey,
      size,
    },
  );
  return {
    charted: rows[0]?.entries ?? 0,
    entries: rows.map(({ entries: _entries, chartedBefore, ...row }) => ({
      ...row,
      movement: movementOf(row.rank, row.previousRank, chartedBefore),
    })),
  };
}

/** New: never charted before; re-entry: charted before, not in the previous period; else up, down or same. */
export function movementOf(rank: number, previousRank: number | null, chartedBefore: boolean): Movement {
  if (!chartedBefore) return { kind: "new" };
  if (previousRank === null) return { kind: "re-entry" };
  if (previousRank > rank) return { kind: "up", by: previousRank - rank };
  if (previousRank < rank) return { kind: "down", by: rank - previousRank };
  return { kind: "same" };
}

/** The first and last local day (date_key) with a counted music play, or undefined when there is none. */
export async function chartSpan(warehouse: Warehouse): Promise<{ first: number; last: number } | undefined> {
  const span = await selectRow<{ first: number | null; last: number | null }>(
    warehouse,
    `select min(date_key) as first, max(date_key) as last from fct_play
     where not is_excluded and is_counted and content_type = 'track'`,
  );
  return span?.first && span.last ? { first: Number(span.first), last: Number(span.last) } : undefined;
}

export type HistoryEvery = "week" | "month" | "year";

export interface RankPoint {
  /** The period's first day as yyyymmdd (a Monday for weeks). */
  periodStart: number;
  rank: number;
  /** How many charted in that period. */
  entries: number;
  plays: number;
  minutes: number;
}

/** One item's rank in every week, month or year it charted in, oldest first. */
export async function rankHistory(
  warehouse: Warehouse,
  kind: ItemKind,
  key: bigint,
  every: HistoryEvery,
): Promise<RankPoint[]> {
  return await select<RankPoint>(warehouse, rankHistorySql, { kind, key, every });
}

/** The name of an artist, track or album, or undefined when no such key is known. */
export async function itemName(
  warehouse: Warehouse,
  kind: ItemKind,
  key: bigint,
): Promise<string | undefined> {
  const row = await selectRow<{ name: string | null }>(
    warehouse,
    `select coalesce((select artist_name from dim_artist where $kind = 'artist' and artist_key = $key),
       (select track_name from dim_track where $kind = 'track' and track_key = $key),
       (select album_name from dim_album where $kind = 'album' and album_key = $key)) as name`,
    { kind, key },
  );
  return row?.name ?? undefined;
}
