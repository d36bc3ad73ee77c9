/**
 * Reads for the Habits page: listening sessions, daily streaks, and discovery per month with how much of it
 * stuck. Like queries.ts, marts only and bound parameters.
 */
import type { Warehouse } from "./duckdb.ts";
import type { Period } from "./queries.ts";

export interface SessionStats {
  sessions: number;
  /** Minutes from the first play's start to the last play's end. */
  medianMinutes: number;
  longestMinutes: number;
  averagePlays: number;
  /** Sessions by length: under 15 min, 15–30, 30–60, 1–2 h, 2–4 h, 4 h and more. */
  buckets: { label: string; sessions: number }[];
}

const BUCKETS = [
  ["under 15 min", 0, 15],
  ["15–30 min", 15, 30],
  ["30–60 min", 30, 60],
  ["1–2 h", 60, 120],
  ["2–4 h", 120, 240],
  ["4 h or more", 240, Infinity],
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
 * than `gapMinutes` before it started (start = end − ms_played). Everything played counts, podcasts too. The
 * Habits page and the review both read sessions from here.
 */
export async function listeningSessions(
  warehouse: Warehouse,
  period: Period,
  gapMinutes: number,
): Promise<Session[]> {
  // In epoch milliseconds: timestamptz arithmetic goes through ICU and cost ~10x as much on 350,000 plays.
  const rows = await warehouse.rows<{ start_ms: number; end_ms: number; plays: number; ms: number }>(
    `with plays as (
        select epoch_ms(played_at) as end_ms, epoch_ms(played_at) - ms_played as start_ms, ms_played
        from fct_play
        where date_key between $from_key and $to_key
     ),
     -- one order for both windows below, ties broken, so the same plays always make the same sessions
     ordered as (
        select *, row_number() over (order by end_ms, start_ms) as seq from plays
     ),
     marked as (
        select *,
            -- a session starts when the play before ended more than the gap before this one started
            coalesce(start_ms - lag(end_ms) over (order by seq) > $gap * 60000, true)::integer as starts_session,
        from ordered
     ),
     numbered as (
        select *, sum(starts_session) over (order by seq rows unbounded preceding) as session_id
        from marked
     )
     select min(start_ms) as start_ms, max(end_ms) as end_ms, count(*)::integer as plays, sum(ms_played)::double as ms
     from numbered
     group by session_id
     order by start_ms`,
    { from_key: period.fromKey, to_key: period.toKey, gap: gapMinutes },
  );
  return rows.map((row) => ({
    start: new Date(row.start_ms),
    end: new Date(row.end_ms),
    plays: row.plays,
    minutes: row.ms / 60_000,
  }));
}

/** Session counts and lengths in a period (see listeningSessions). */
export async function sessionStats(
  warehouse: Warehouse,
  period: Period,
  gapMinutes: number,
): Promise<SessionStats> {
  const sessions = await listeningSessions(warehouse, period, gapMinutes);
  // A session's length runs from its first start to its last end (not the sum of what played).
  const minutes = sessions.map((session) => (+session.end - +session.start) / 60_000).sort((a, b) => a - b);
  const median = minutes.length === 0
    ? 0
    : minutes.length % 2
    ? minutes[(minutes.length - 1) / 2]
    : (minutes[minutes.length / 2 - 1] + minutes[minutes.length / 2]) / 2;
  return {
    sessions: sessions.length,
    medianMinutes: median,
    longestMinutes: minutes.at(-1) ?? 0,
    averagePlays: sessions.length ? sessions.reduce((sum, s) => sum + s.plays, 0) / sessions.length : 0,
    buckets: BUCKETS.map(([label, from, to]) => ({
      label,
      sessions: minutes.filter((length) => length >= from && length < to).length,
    })),
  };
}

export interface Streaks {
  /** The longest run of consecutive local days with a counted play, and its first and last day. */
  longest: { days: number; from: string; to: string } | null;
  /** The run that ends on the period's last day with a counted play. */
  latest: { days: number; from: string; to: string } | null;
  /** Local days with a counted play, and days in the period up to the last of them. */
  activeDays: number;
  spanDays: number;
}

/** Daily listening streaks in a period (days with at least one counted play, any content). */
export async function streaks(warehouse: Warehouse, period: Period): Promise<Streaks> {
  const runs = await warehouse.rows<{ days: number; first_day: string; last_day: string }>(
    `with days as (
        select distinct dim_date.date
        from fct_play join dim_date using (date_key)
        where fct_play.is_counted and fct_play.date_key between $1 and $2
     ),
     islands as (
        -- consecutive days share date − row number
        select date, date - cast(row_number() over (order by date) as integer) as island from days
     )
     select count(*) as days, strftime(min(date), '%Y-%m-%d') as first_day, strftime(max(date), '%Y-%m-%d') as last_day
     from islands
     group by island
     order by min(date)`,
    [period.fromKey, period.toKey],
  );
  if (runs.length === 0) return { longest: null, latest: null, activeDays: 0, spanDays: 0 };
  const toRun = (run: typeof runs[number]) => ({ days: run.days, from: run.first_day, to: run.last_day });
  const longest = runs.reduce((best, run) => (run.days > best.days ? run : best), runs[0]);
  const first = Date.parse(runs[0].first_day);
  const last = Date.parse(runs.at(-1)!.last_day);
  return {
    longest: toRun(longest),
    latest: toRun(runs.at(-1)!),
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
  return await warehouse.rows<DiscoveryMonth & Record<string, unknown>>(
    `with music as (
        select artist_key, track_key, played_at, date_key from fct_play
        where content_type = 'track' and is_counted
     ),
     artists as (
        select artist_key as item, min(date_key) as first_key, min(played_at) as first_at,
            max(played_at) as last_at
        from music where artist_key is not null group by all
     ),
     tracks as (
        select track_key as item, min(date_key) as first_key, min(played_at) as first_at, max(played_at) as last_at
        from music group by all
     ),
     firsts as (
        select 'artist' as kind, * from artists
        union all
        select 'track', * from tracks
     )
     select
        strftime(strptime(cast(first_key // 100 as varchar), '%Y%m'), '%Y-%m') as month,
        count(*) filter (where kind = 'artist') as "newArtists",
        count(*) filter (where kind = 'artist' and last_at >= first_at + to_days($3)) as "stuckArtists",
        count(*) filter (where kind = 'track') as "newTracks",
        count(*) filter (where kind = 'track' and last_at >= first_at + to_days($3)) as "stuckTracks",
     from firsts
     where first_key between $1 and $2
     group by all
     order by month`,
    [period.fromKey, period.toKey, STUCK_AFTER_DAYS],
  );
}
