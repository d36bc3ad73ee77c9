/**
 * Reads for the year in review (any period: a year, a season, a custom range), next to queries.ts and, like it,
 * reading marts only with bound parameters. Music only, except the listening clock and sessions, which count
 * everything played.
 */
import type { Warehouse } from "./duckdb.ts";
import type { Period } from "./queries.ts";
import { listeningSessions, type Session } from "./habit_queries.ts";

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

/** The review of a period; a silence longer than `sessionGapMinutes` between two plays ends a session. */
export async function review(
  warehouse: Warehouse,
  period: Period,
  { sessionGapMinutes = 30 }: { sessionGapMinutes?: number } = {},
): Promise<Review> {
  const range = { from_key: period.fromKey, to_key: period.toKey };
  const [totals] = await warehouse.rows<
    { ms: number; plays: number; artists: number; tracks: number; days: number }
  >(
    `select coalesce(sum(ms_played), 0)::double as ms, count(*) filter (where is_counted) as plays,
        count(distinct artist_key) as artists, count(distinct track_key) as tracks,
        count(distinct date_key) as days
     from fct_play
     where content_type = 'track' and date_key between $from_key and $to_key`,
    range,
  );
  const [discovery] = await warehouse.rows<{ new_artists: number }>(
    `with firsts as (
        -- discovered = first counted play: a five-second skip is not a discovery
        select artist_key, min(date_key) as first_key from fct_play
        where content_type = 'track' and artist_key is not null and is_counted
        group by all
     )
     select count(*) as new_artists from firsts where first_key between $from_key and $to_key`,
    range,
  );
  const topNewArtists = await named(
    warehouse,
    `with firsts as (
        -- discovered = first counted play: a five-second skip is not a discovery
        select artist_key, min(date_key) as first_key from fct_play
        where content_type = 'track' and artist_key is not null and is_counted
        group by all
     )
     select dim_artist.artist_key::varchar as key, dim_artist.artist_name as name, null as by_name,
        count(*) filter (where fct_play.is_counted) as plays, sum(fct_play.ms_played)::double as ms
     from fct_play
     join firsts using (artist_key)
     join dim_artist using (artist_key)
     where firsts.first_key between $from_key and $to_key and fct_play.date_key between $from_key and $to_key
     group by all
     order by ms desc, name
     limit 5`,
    range,
  );
  const [busiest] = await warehouse.rows<{ day: string; ms: number }>(
    `select strftime(dim_date.date, '%Y-%m-%d') as day, sum(fct_play.ms_played)::double as ms
     from fct_play join dim_date using (date_key)
     where fct_play.content_type = 'track' and fct_play.date_key between $from_key and $to_key
     group by all
     order by ms desc, day
     limit 1`,
    range,
  );
  const [replayed] = await warehouse.rows<
    { day: string; key: string; name: string; by_name: string | null; plays: number; ms: number }
  >(
    `select strftime(dim_date.date, '%Y-%m-%d') as day, dim_track.track_key::varchar as key,
        dim_track.track_name as name, dim_artist.artist_name as by_name,
        count(*) filter (where fct_play.is_counted) as plays, sum(fct_play.ms_played)::double as ms
     from fct_play
     join dim_date using (date_key)
     join dim_track using (track_key)
     left join dim_artist on dim_artist.artist_key = dim_track.artist_key
     where fct_play.date_key between $from_key and $to_key
     group by all
     having count(*) filter (where fct_play.is_counted) > 1
     order by plays desc, ms desc, day
     limit 1`,
    range,
  );
  // The longest from the first start to the last end; the earliest of equally long ones.
  const session = (await listeningSessions(warehouse, period, sessionGapMinutes)).reduce<Session | null>(
    (longest, next) => (!longest || +next.end - +next.start > +longest.end - +longest.start ? next : longest),
    null,
  );
  const clockRows = await warehouse.rows<{ hour: number; ms: number }>(
    `select dim_time.hour, sum(fct_play.ms_played)::double as ms
     from fct_play join dim_time using (time_key)
     where fct_play.date_key between $from_key and $to_key
     group by all`,
    range,
  );
  const byHour = new Map(clockRows.map((row) => [row.hour, row.ms / 60_000]));
  const onRepeat = await named(
    warehouse,
    `select dim_track.track_key::varchar as key, dim_track.track_name as name, dim_artist.artist_name as by_name,
        count(*) filter (where fct_play.is_counted) as plays, sum(fct_play.ms_played)::double as ms
     from fct_play
     join dim_track using (track_key)
     left join dim_artist on dim_artist.artist_key = dim_track.artist_key
     where fct_play.date_key between $from_key and $to_key
     group by all
     order by plays desc, ms desc, name
     limit 5`,
    range,
  );
  const forgotten = await named(
    warehouse,
    `with before as (
        select track_key, count(*) filter (where is_counted) as plays, sum(ms_played)::double as ms
        from fct_play
        where content_type = 'track' and date_key < $from_key
        group by all
     ),
     played_in_period as (
        select distinct track_key from fct_play where date_key between $from_key and $to_key
     )
     select dim_track.track_key::varchar as key, dim_track.track_name as name, dim_artist.artist_name as by_name,
        before.plays, before.ms
     from before
     join dim_track using (track_key)
     left join dim_artist on dim_artist.artist_key = dim_track.artist_key
     where before.track_key not in (select track_key from played_in_period) and before.plays > 1
     order by before.plays desc, before.ms desc, name
     limit 5`,
    range,
  );
  return {
    totals: {
      musicMinutes: totals.ms / 60_000,
      countedPlays: totals.plays,
      artists: totals.artists,
      tracks: totals.tracks,
      days: totals.days,
    },
    newArtists: discovery.new_artists,
    topNewArtists,
    busiestDay: busiest ? { date: busiest.day, minutes: busiest.ms / 60_000 } : null,
    mostReplayed: replayed
      ? {
        date: replayed.day,
        track: {
          key: replayed.key,
          name: replayed.name,
          by: replayed.by_name,
          plays: replayed.plays,
          minutes: replayed.ms / 60_000,
        },
      }
      : null,
    longestSession: session,
    clock: Array.from({ length: 24 }, (_, hour) => ({ hour, minutes: byHour.get(hour) ?? 0 })),
    onRepeat,
    forgotten,
  };
}

async function named(
  warehouse: Warehouse,
  sql: string,
  params: Record<string, number>,
): Promise<NamedCount[]> {
  const rows = await warehouse.rows<
    { key: string | null; name: string; by_name: string | null; plays: number; ms: number }
  >(
    sql,
    params,
  );
  return rows.map((row) => ({
    key: row.key,
    name: row.name,
    by: row.by_name,
    plays: row.plays,
    minutes: row.ms / 60_000,
  }));
}
