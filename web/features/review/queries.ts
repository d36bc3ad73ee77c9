/**
 * The year in review (any period: a year, a season, a custom range). Music only, except the listening clock
 * and sessions, which count everything played.
 */
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { select, selectRow } from "../../../warehouse/select.ts";
import type { Period } from "../../period.ts";
import { longestSession, type Session } from "../habits/queries.ts";
import totalsSql from "./totals.sql" with { type: "text" };
import newArtistsSql from "./new_artists.sql" with { type: "text" };
import busiestDaySql from "./busiest_day.sql" with { type: "text" };
import mostReplayedSql from "./most_replayed.sql" with { type: "text" };
import onRepeatSql from "./on_repeat.sql" with { type: "text" };
import forgottenSql from "./forgotten.sql" with { type: "text" };

export interface ReviewTotals {
  musicMinutes: number;
  countedPlays: number;
  artists: number;
  tracks: number;
  /** Local days with at least one play. */
  days: number;
}

export interface NamedCount {
  key: string | null;
  name: string;
  /** The artist, for tracks. */
  by: string | null;
  plays: number;
  minutes: number;
}

export interface Review {
  totals: ReviewTotals;
  /** Artists first played (a counted play) in the period, over the whole history, and the most listened. */
  newArtists: number;
  topNewArtists: NamedCount[];
  /** The local day with the most minutes. */
  busiestDay: { date: string; minutes: number } | null;
  /** The day one track was played the most times, and that track. */
  mostReplayed: { date: string; track: NamedCount } | null;
  longestSession: Session | null;
  /** Minutes by local hour, 0–23 (every hour present). */
  clock: { hour: number; minutes: number }[];
  /** The period's most played tracks. */
  onRepeat: NamedCount[];
  /** Tracks played most before the period and not once in it. */
  forgotten: NamedCount[];
}

/** The review of a period (its sessions as the marts were built: SESSION_GAP_MINUTES). */
export async function review(warehouse: Warehouse, period: Period): Promise<Review> {
  const range = { from_key: period.fromKey, to_key: period.toKey };
  // Started together: on a server that spreads reads (Warehouse.spreadReads) they run side by side.
  const [totals, discovered, busiestDay, replayed, longest, clock, onRepeat, forgotten] = await Promise.all([
    selectRow<ReviewTotals>(warehouse, totalsSql, range),
    select<NamedCount & { total: number }>(warehouse, newArtistsSql, range),
    selectRow<{ date: string; minutes: number }>(warehouse, busiestDaySql, range),
    selectRow<NamedCount & { date: string }>(warehouse, mostReplayedSql, range),
    longestSession(warehouse, period),
    select<{ hour: number; minutes: number }>(
      warehouse,
      `select hour, sum(ms_played)::double / 60000 as minutes from agg_play_hour
       where date_key between $from_key and $to_key group by all`,
      range,
    ),
    select<NamedCount>(warehouse, onRepeatSql, range),
    select<NamedCount>(warehouse, forgottenSql, range),
  ]);
  const byHour = new Map(clock.map((row) => [row.hour, row.minutes]));
  return {
    totals: totals!,
    newArtists: discovered[0].total,
    topNewArtists: discovered.filter((row) => row.key !== null).map(({ total: _total, ...row }) => row),
    busiestDay: busiestDay ?? null,
    mostReplayed: replayed ? { date: replayed.date, track: withoutDate(replayed) } : null,
    longestSession: longest,
    clock: Array.from({ length: 24 }, (_, hour) => ({ hour, minutes: byHour.get(hour) ?? 0 })),
    onRepeat,
    forgotten,
  };
}

function withoutDate({ date: _date, ...track }: NamedCount & { date: string }): NamedCount {
  return track;
}
