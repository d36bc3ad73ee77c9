/**
 * Habits: listening sessions (the Review reads them too), daily streaks, and discovery per month with how
 * much of it stuck.
 */
import { listValue } from "@duckdb/node-api";
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { select } from "../../../warehouse/select.ts";
import type { Period } from "../../period.ts";
import sessionsSql from "./sessions.sql" with { type: "text" };
import streaksSql from "./streaks.sql" with { type: "text" };
import discoveryByMonthSql from "./discovery_by_month.sql" with { type: "text" };

export interface SessionStats {
  sessions: number;
  /** Minutes from the first play's start to the last play's end. */
  medianMinutes: number;
  longestMinutes: number;
  averagePlays: number;
  /** Sessions by length: under 15 min, 15–30, 30–60, 1–2 h, 2–4 h, 4 h and more. */
  buckets: { label: string; sessions: number }[];
}

/** Each bucket's label and its shortest length in minutes; it reaches up to the next one's. */
const BUCKETS = [
  ["under 15 min", 0],
  ["15–30 min", 15],
  ["30–60 min", 30],
  ["1–2 h", 60],
  ["2–4 h", 120],
  ["4 h or more", 240],
] as const;

export interface Session {
  /** When the first play started (its end − ms_played) and the last play ended. */
  start: Date;
  end: Date;
  plays: number;
  minutes: number;
}

/**
 * Every listening session in a period, in order: a play starts a new session when the one before it ended more
 * than SESSION_GAP_MINUTES before it started (start = end − ms_played), the gap the marts were built with
 * (agg_session). Everything played counts, podcasts too.
 */
export async function listeningSessions(warehouse: Warehouse, period: Period): Promise<Session[]> {
  const rows = await select<SessionRow>(warehouse, sessionsSql, periodKeys(period));
  return rows.map(toSession);
}

/** A row of sessions.sql. */
interface SessionRow {
  startMs: number;
  endMs: number;
  plays: number;
  minutes: number;
}

function toSession({ startMs, endMs, plays, minutes }: SessionRow): Session {
  return { start: new Date(startMs), end: new Date(endMs), plays, minutes };
}

/** What sessions.sql is bound with. */
function periodKeys(period: Period) {
  return { from_key: period.fromKey, to_key: period.toKey };
}

/**
 * The longest listening session of a period (from its first start to its last end; the earliest of equally long
 * ones), or null when nothing was played. Picked in DuckDB: all-time Review no longer reads ~25,000 sessions at
 * 350k plays to keep one (72 -> 26 ms).
 */
export async function longestSession(warehouse: Warehouse, period: Period): Promise<Session | null> {
  const [row] = await select<SessionRow>(
    warehouse,
    `select * from (${sessionsSql}) order by end_ms - start_ms desc, start_ms, end_ms limit 1`,
    periodKeys(period),
  );
  return row ? toSession(row) : null;
}

/**
 * Session counts and lengths in a period (see listeningSessions), summed in DuckDB: no row per session comes to
 * JS (the bucket of each and the median were worked out here from every session's length: 50 -> 27 ms all-time at
 * 350k plays). One row per bucket with sessions, and one (bucket null) for them all.
 */
export async function sessionStats(warehouse: Warehouse, period: Period): Promise<SessionStats> {
  // A session's length runs from its first start to its last end (not the sum of what played); its bucket is the
  // number of bucket bounds at or below it.
  const rows = await select<
    { bucket: number | null; sessions: number; plays: number; medianMinutes: number; longestMinutes: number }
  >(
    warehouse,
    `select bucket, count(*)::integer as sessions, sum(plays)::bigint as plays, median(minutes) as median_minutes,
       max(minutes) as longest_minutes from (select plays, minutes, len(list_filter($bounds, b -> b <= minutes)) as bucket
       from (select plays, (end_ms - start_ms) / 60000 as minutes from (${sessionsSql}))) group by grouping sets ((bucket), ())`,
    { ...periodKeys(period), bounds: listValue(BUCKETS.slice(1).map(([, from]) => from)) },
  );
  const all = rows.find((row) => row.bucket === null && row.sessions > 0);
  return {
    sessions: all?.sessions ?? 0,
    medianMinutes: all?.medianMinutes ?? 0,
    longestMinutes: all?.longestMinutes ?? 0,
    averagePlays: all ? all.plays / all.sessions : 0,
    buckets: BUCKETS.map(([label], index) => ({
      label,
      sessions: rows.find((row) => row.bucket === index)?.sessions ?? 0,
    })),
  };
}

export interface Streak {
  days: number;
  /** First and last local day (yyyy-mm-dd). */
  from: string;
  to: string;
}

export interface Streaks {
  /** The longest run of consecutive local days with a counted play. */
  longest: Streak | null;
  /** The run that ends on the period's last day with a counted play. */
  latest: Streak | null;
  /** Local days with a counted play, and days in the period up to the last of them. */
  activeDays: number;
  spanDays: number;
}

/** Daily listening streaks in a period (days with at least one counted play, any content). */
export async function streaks(warehouse: Warehouse, period: Period): Promise<Streaks> {
  const runs = await select<Streak>(warehouse, streaksSql, [period.fromKey, period.toKey]);
  if (runs.length === 0) return { longest: null, latest: null, activeDays: 0, spanDays: 0 };
  const longest = runs.reduce((best, run) => (run.days > best.days ? run : best), runs[0]);
  const first = Date.parse(runs[0].from);
  const last = Date.parse(runs.at(-1)!.to);
  return {
    longest,
    latest: runs.at(-1)!,
    activeDays: runs.reduce((sum, run) => sum + run.days, 0),
    spanDays: Math.round((last - first) / 86_400_000) + 1,
  };
}

export interface DiscoveryMonth {
  /** yyyy-mm */
  month: string;
  newArtists: number;
  /** Of those, played again 30 days or more after their first play. */
  stuckArtists: number;
  newTracks: number;
  stuckTracks: number;
}

/** Days after a first play that a later play must come to count as "stuck". */
export const STUCK_AFTER_DAYS = 30;

/**
 * Per local month of a period: artists and tracks played (counted) for the first time ever, and how many were
 * played again at least 30 days later. Music only.
 */
export async function discoveryByMonth(warehouse: Warehouse, period: Period): Promise<DiscoveryMonth[]> {
  return await select<DiscoveryMonth>(warehouse, discoveryByMonthSql, {
    from_key: period.fromKey,
    to_key: period.toKey,
    stuck_days: STUCK_AFTER_DAYS,
  });
}
