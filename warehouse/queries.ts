/**
 * Typed reads of the marts: the only SQL the web layer reaches. Every query reads marts only, with bound
 * parameters, and aggregates in SQL so a page gets tens of rows, not raw plays.
 */
import type { Warehouse } from "./duckdb.ts";

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
  const [row] = await warehouse.rows<{
    plays: number;
    counted_plays: number;
    ms_played: number;
    first_play: Date | null;
    last_play: Date | null;
    artists: number;
    tracks: number;
  }>(
    `select
        count(*) as plays,
        count(*) filter (where is_counted) as counted_plays,
        coalesce(sum(ms_played), 0)::double as ms_played,
        min(played_at) as first_play,
        max(played_at) as last_play,
        count(distinct artist_key) as artists,
        count(distinct track_key) as tracks,
     from fct_play`,
  );
  return {
    plays: row.plays,
    countedPlays: row.counted_plays,
    hoursListened: row.ms_played / 3_600_000,
    firstPlay: row.first_play,
    lastPlay: row.last_play,
    artists: row.artists,
    tracks: row.tracks,
  };
}

export interface YearHours {
  year: number;
  contentType: string;
  hours: number;
}

/** Hours listened per local calendar year and kind of content. */
export async function hoursPerYear(warehouse: Warehouse): Promise<YearHours[]> {
  const rows = await warehouse.rows<{ year: number; content_type: string; ms_played: number }>(
    `select dim_date.year, fct_play.content_type, sum(fct_play.ms_played)::double as ms_played
     from fct_play
     join dim_date using (date_key)
     group by all
     order by dim_date.year, fct_play.content_type`,
  );
  return rows.map((row) => ({
    year: row.year,
    contentType: row.content_type,
    hours: row.ms_played / 3_600_000,
  }));
}

/** A local date range as date_key bounds (yyyymmdd, inclusive). */
export interface Period {
  fromKey: number;
  toKey: number;
}

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
  // The three kinds differ only in the dimension joined; the statement is chosen from this fixed map.
  const source = {
    artists: `select dim_artist.artist_key as key, dim_artist.artist_name as name, null as artist_name,
                null::bigint as artist_key_of, fct_play.*
              from fct_play join dim_artist using (artist_key)`,
    tracks: `select dim_track.track_key as key, dim_track.track_name as name, dim_artist.artist_name,
                dim_track.artist_key as artist_key_of, fct_play.*
             from fct_play join dim_track using (track_key)
             left join dim_artist on dim_artist.artist_key = dim_track.artist_key`,
    albums: `select dim_album.album_key as key, dim_album.album_name as name, dim_artist.artist_name,
                dim_album.artist_key as artist_key_of, fct_play.*
             from fct_play join dim_album using (album_key)
             left join dim_artist on dim_artist.artist_key = dim_album.artist_key`,
  }[kind];
  const rows = await warehouse.rows<
    {
      key: number | string;
      name: string;
      artist_name: string | null;
      artist_key_of: number | string | null;
      plays: number;
      ms: number;
      share: number;
      total: number;
    }
  >(
    `with plays as (
        ${source}
        where fct_play.date_key between $from_key and $to_key
     ),
     ranked as (
        select key, name, artist_name, artist_key_of, count(*) filter (where is_counted) as plays,
            sum(ms_played)::double as ms,
        from plays
        group by all
     )
     select *, ms / nullif(sum(ms) over (), 0) as share, count(*) over () as total
     from ranked
     order by case when $by = 'plays' then plays else ms end desc, ms desc, name
     limit $limit offset $offset`,
    { from_key: period.fromKey, to_key: period.toKey, by, limit, offset },
  );
  return {
    rows: rows.map((row) => ({
      key: String(row.key),
      name: row.name,
      artistName: row.artist_name,
      artistKey: row.artist_key_of === null ? null : String(row.artist_key_of),
      plays: row.plays,
      minutes: row.ms / 60_000,
      share: row.share ?? 0,
    })),
    total: rows[0]?.total ?? 0,
  };
}

/** The local years that have plays, newest first (for period filters). */
export async function yearsWithPlays(warehouse: Warehouse): Promise<number[]> {
  const rows = await warehouse.rows<{ year: number }>(
    "select distinct date_key // 10000 as year from fct_play order by year desc",
  );
  return rows.map((row) => row.year);
}

export interface HourWeekdayCell {
  /** ISO weekday, 1 = Monday. */
  dayOfWeek: number;
  hour: number;
  minutes: number;
  plays: number;
}

/** Listening by local weekday and hour in a period: counted plays and minutes per cell (music and podcasts). */
export async function hourByWeekday(warehouse: Warehouse, period: Period): Promise<HourWeekdayCell[]> {
  const rows = await warehouse.rows<{ day_of_week: number; hour: number; ms: number; plays: number }>(
    `select dim_date.day_of_week, dim_time.hour,
            coalesce(sum(fct_play.ms_played), 0)::double as ms,
            count(*) filter (where fct_play.is_counted) as plays,
     from fct_play
     join dim_date using (date_key)
     join dim_time using (time_key)
     where fct_play.date_key between $1 and $2
     group by all
     order by all`,
    [period.fromKey, period.toKey],
  );
  return rows.map((row) => ({
    dayOfWeek: row.day_of_week,
    hour: row.hour,
    minutes: row.ms / 60_000,
    plays: row.plays,
  }));
}

export interface DayPartShare {
  dayPart: string;
  weekend: boolean;
  minutes: number;
}

/** Minutes by day part (night, morning, afternoon, evening) on weekdays and weekends in a period. */
export async function dayParts(warehouse: Warehouse, period: Period): Promise<DayPartShare[]> {
  const rows = await warehouse.rows<{ day_part: string; is_weekend: boolean; ms: number }>(
    `select dim_time.day_part, dim_date.is_weekend, sum(fct_play.ms_played)::double as ms
     from fct_play
     join dim_date using (date_key)
     join dim_time using (time_key)
     where fct_play.date_key between $1 and $2
     group by all
     order by all`,
    [period.fromKey, period.toKey],
  );
  return rows.map((row) => ({ dayPart: row.day_part, weekend: row.is_weekend, minutes: row.ms / 60_000 }));
}

export interface HistoryRow {
  playedAt: Date;
  contentType: string;
  title: string | null;
  /** Artist (music) or show / book (podcasts, audiobooks). */
  by: string | null;
  album: string | null;
  /** For music: the detail pages' keys (as text). */
  trackKey: string | null;
  artistKey: string | null;
  albumKey: string | null;
  msPlayed: number;
  source: string;
  isCounted: boolean;
  msIsEstimated: boolean;
}

/**
 * The play log, newest first, in a period, optionally only plays whose track, artist, album, episode or show
 * contains `search` (case-insensitive). Returns one page and the number of matching plays.
 */
export async function playHistory(
  warehouse: Warehouse,
  { period, search, limit, offset }: { period: Period; search: string; limit: number; offset: number },
): Promise<{ rows: HistoryRow[]; total: number }> {
  const rows = await warehouse.rows<{
    played_at: Date;
    content_type: string;
    title: string | null;
    by_name: string | null;
    album: string | null;
    track_key: number | string | null;
    artist_key: number | string | null;
    album_key: number | string | null;
    ms_played: number;
    source: string;
    is_counted: boolean;
    ms_is_estimated: boolean;
    total: number;
  }>(
    `with period_plays as (
        select * from fct_play where date_key between $from_key and $to_key
     ),
     -- Without a search only one page of plays needs names: pick it first, then join the dimensions.
     candidates as (
        select * from period_plays
        where $search <> ''
        union all
        (select * from period_plays where $search = '' order by played_at desc limit $limit offset $offset)
     ),
     plays as (
        select
            fct_play.played_at,
            fct_play.content_type,
            coalesce(dim_track.track_name, dim_episode.episode_name) as title,
            coalesce(dim_artist.artist_name, dim_episode.show_name) as by_name,
            dim_album.album_name as album,
            fct_play.track_key,
            fct_play.artist_key,
            fct_play.album_key,
            fct_play.ms_played,
            fct_play.source,
            fct_play.is_counted,
            fct_play.ms_is_estimated,
        from candidates as fct_play
        left join dim_track using (track_key)
        left join dim_artist on dim_artist.artist_key = fct_play.artist_key
        left join dim_album on dim_album.album_key = fct_play.album_key
        left join dim_episode using (episode_key)
     ),
     matching as (
        select * from plays
        where $search = '' or contains(lower(concat_ws(chr(31), title, by_name, album)), lower($search))
     )
     select
        *,
        case when $search = '' then (select count(*) from period_plays) else count(*) over () end as total,
     from matching
     order by played_at desc
     limit $limit offset case when $search = '' then 0 else $offset end`,
    { from_key: period.fromKey, to_key: period.toKey, search, limit, offset },
  );
  return {
    rows: rows.map((row) => ({
      playedAt: row.played_at,
      contentType: row.content_type,
      title: row.title,
      by: row.by_name,
      trackKey: row.track_key === null ? null : String(row.track_key),
      artistKey: row.artist_key === null ? null : String(row.artist_key),
      albumKey: row.album_key === null ? null : String(row.album_key),
      album: row.album,
      msPlayed: row.ms_played,
      source: row.source,
      isCounted: row.is_counted,
      msIsEstimated: row.ms_is_estimated,
    })),
    total: rows[0]?.total ?? 0,
  };
}

export interface EnrichedShare {
  /** Minutes of music (tracks, not podcasts) in the period. */
  musicMinutes: number;
  /** Of those, minutes whose artist has a genre, and whose artist has a known country. */
  withGenreMinutes: number;
  withOriginMinutes: number;
}

/** How much of a period's music the genre and geography pages can place. */
export async function enrichedShare(warehouse: Warehouse, period: Period): Promise<EnrichedShare> {
  const [row] = await warehouse.rows<{ music: number; with_genre: number; with_origin: number }>(
    `with listening as (
        select artist_key, sum(ms_played)::double as ms from fct_play
        where content_type = 'track' and date_key between $1 and $2
        group by all
     )
     select
        coalesce(sum(ms), 0) as music,
        coalesce(sum(ms) filter (where artist_key in (select artist_key from bridge_artist_genre)), 0) as with_genre,
        coalesce(sum(ms) filter (where dim_artist.origin_location_key is not null), 0) as with_origin,
     from listening
     left join dim_artist using (artist_key)`,
    [period.fromKey, period.toKey],
  );
  return {
    musicMinutes: row.music / 60_000,
    withGenreMinutes: row.with_genre / 60_000,
    withOriginMinutes: row.with_origin / 60_000,
  };
}

export interface GenreMinutes {
  genre: string;
  /** The roll-up genre (dim_genre.parent_genre); equal to `genre` for parent rows. */
  parent: string;
  /** Listening minutes, each artist's time split across its genres by weight. */
  minutes: number;
  /** Share of the period's music minutes that have a genre, 0..1. */
  share: number;
  /** Artists with this genre played in the period. */
  artists: number;
}

/** Listening per genre in a period, at the parent level or the fine level (most listened first). */
export async function genreMinutes(
  warehouse: Warehouse,
  period: Period,
  { level, limit = 100 }: { level: "parent" | "genre"; limit?: number },
): Promise<GenreMinutes[]> {
  const rows = await warehouse.rows<
    { genre: string; parent: string; ms: number; share: number; artists: number }
  >(
    `with listening as (
        select artist_key, sum(ms_played)::double as ms from fct_play
        where content_type = 'track' and date_key between $from_key and $to_key
        group by all
     ),
     weighted as (
        select
            case when $level = 'parent' then dim_genre.parent_genre else dim_genre.genre_name end as genre,
            dim_genre.parent_genre as parent,
            listening.artist_key,
            listening.ms * bridge_artist_genre.weight as ms,
        from listening
        join bridge_artist_genre using (artist_key)
        join dim_genre using (genre_key)
     ),
     genres as (
        select genre, first(parent) as parent, sum(ms) as ms, count(distinct artist_key) as artists
        from weighted
        group by genre
     )
     select *, ms / nullif(sum(ms) over (), 0) as share from genres
     order by ms desc, genre
     limit $limit`,
    { from_key: period.fromKey, to_key: period.toKey, level, limit },
  );
  return rows.map((row) => ({
    genre: row.genre,
    parent: row.parent,
    minutes: row.ms / 60_000,
    share: row.share ?? 0,
    artists: row.artists,
  }));
}

export interface YearGenreMinutes {
  year: number;
  parent: string;
  minutes: number;
}

/** Listening per local year and parent genre, every year with plays (for the share-over-time chart). */
export async function parentGenresByYear(warehouse: Warehouse, period: Period): Promise<YearGenreMinutes[]> {
  const rows = await warehouse.rows<{ year: number; parent: string; ms: number }>(
    `with listening as (
        select date_key // 10000 as year, artist_key, sum(ms_played)::double as ms from fct_play
        where content_type = 'track' and date_key between $1 and $2
        group by all
     )
     select listening.year, dim_genre.parent_genre as parent, sum(listening.ms * bridge_artist_genre.weight) as ms
     from listening
     join bridge_artist_genre using (artist_key)
     join dim_genre using (genre_key)
     group by all
     order by year, ms desc`,
    [period.fromKey, period.toKey],
  );
  return rows.map((row) => ({ year: row.year, parent: row.parent, minutes: row.ms / 60_000 }));
}

export interface YearTopGenre {
  year: number;
  rank: number;
  genre: string;
  share: number;
}

/** The three most listened fine genres of each local year, with their share of that year's genre minutes. */
export async function topGenresPerYear(warehouse: Warehouse, period: Period): Promise<YearTopGenre[]> {
  const rows = await warehouse.rows<{ year: number; rank: number; genre: string; share: number }>(
    `with listening as (
        select date_key // 10000 as year, artist_key, sum(ms_played)::double as ms from fct_play
        where content_type = 'track' and date_key between $1 and $2
        group by all
     ),
     genres as (
        select listening.year, dim_genre.genre_name as genre, sum(listening.ms * bridge_artist_genre.weight) as ms
        from listening
        join bridge_artist_genre using (artist_key)
        join dim_genre using (genre_key)
        group by all
     )
     select year, row_number() over (partition by year order by ms desc, genre) as rank, genre,
        ms / sum(ms) over (partition by year) as share
     from genres
     qualify rank <= 3
     order by year desc, rank`,
    [period.fromKey, period.toKey],
  );
  return rows;
}

export interface CountryMinutes {
  countryCode: string;
  /** ISO 3166 numeric code, as the world map's shapes are keyed (null for Kosovo). */
  numericCode: string | null;
  name: string;
  region: string | null;
  minutes: number;
  /** Share of the period's music minutes whose artist has a known country, 0..1. */
  share: number;
  artists: number;
  /** The country's most listened artist in the period. */
  topArtist: string;
}

/** Listening by the artists' country of origin in a period, most listened first. */
export async function countryMinutes(warehouse: Warehouse, period: Period): Promise<CountryMinutes[]> {
  const rows = await warehouse.rows<{
    country_code: string;
    numeric_code: string | null;
    name: string;
    region: string | null;
    ms: number;
    share: number;
    artists: number;
    top_artist: string;
  }>(
    `with listening as (
        select artist_key, sum(ms_played)::double as ms from fct_play
        where content_type = 'track' and date_key between $1 and $2
        group by all
     ),
     placed as (
        select dim_location.*, dim_artist.artist_name, listening.ms
        from listening
        join dim_artist using (artist_key)
        join dim_location on dim_location.location_key = dim_artist.origin_location_key
     ),
     countries as (
        select country_code, any_value(country_code_numeric) as numeric_code, any_value(country_name) as name,
            any_value(region) as region, sum(ms) as ms, count(*) as artists,
            first(artist_name order by ms desc, artist_name) as top_artist,
        from placed
        group by country_code
     )
     select *, ms / sum(ms) over () as share from countries
     order by ms desc, name`,
    [period.fromKey, period.toKey],
  );
  return rows.map((row) => ({
    countryCode: row.country_code,
    numericCode: row.numeric_code,
    name: row.name,
    region: row.region,
    minutes: row.ms / 60_000,
    share: row.share,
    artists: row.artists,
    topArtist: row.top_artist,
  }));
}

export type DetailKind = "artist" | "track" | "album";

/** The fact table's key column of each kind: the only names ever put into the statements below. */
const KEY_COLUMN: Record<DetailKind, string> = {
  artist: "artist_key",
  track: "track_key",
  album: "album_key",
};

/** What a detail page says about one artist, track or album (enrichment facts are null until enriched). */
export interface ItemDetail {
  kind: DetailKind;
  /** A surrogate key: 60 bits, more than a JS number holds exactly, so passed around as text or bigint. */
  key: string;
  name: string;
  artistKey: string | null;
  artistName: string | null;
  albumKey: string | null;
  albumName: string | null;
  plays: number;
  minutes: number;
  /** Share of all music minutes, 0..1. */
  share: number;
  firstPlayed: Date | null;
  lastPlayed: Date | null;
  // artist
  artistType: string | null;
  originCountry: string | null;
  originArea: string | null;
  lifeSpan: string | null;
  musicbrainzId: string | null;
  genres: string[];
  // track
  durationMs: number | null;
  explicit: boolean | null;
  isrc: string | null;
  // album
  releaseDate: string | null;
  albumType: string | null;
  totalTracks: number | null;
}

/** The detail of one artist, track or album, or undefined when the key is unknown. */
export async function itemDetail(
  warehouse: Warehouse,
  kind: DetailKind,
  key: bigint,
): Promise<ItemDetail | undefined> {
  // The item's own row, with its artist and album, from one fixed statement per kind.
  const item = {
    artist: `select artist_key as key, artist_name as name, null::bigint as artist_key, null as artist_name,
                null::bigint as album_key, null as album_name, artist_type,
                (select country_name from dim_location where location_key = origin_location_key) as origin_country,
                origin_area_name as origin_area,
                case when life_span_begin is not null or life_span_end is not null
                    then coalesce(life_span_begin, '?') || ' – ' || coalesce(life_span_end, '') end as life_span,
                musicbrainz_id, null::bigint as duration_ms, null::boolean as explicit, null as isrc,
                null as release_date, null as album_type, null::integer as total_tracks
             from dim_artist where artist_key = $key`,
    track: `select dim_track.track_key as key, dim_track.track_name as name, dim_track.artist_key,
                dim_artist.artist_name, dim_track.album_key, dim_album.album_name, null as artist_type,
                null as origin_country, null as origin_area, null as life_span, null as musicbrainz_id,
                dim_track.duration_ms, dim_track.explicit, dim_track.isrc, null as release_date, null as album_type,
                null::integer as total_tracks
             from dim_track
             left join dim_artist on dim_artist.artist_key = dim_track.artist_key
             left join dim_album on dim_album.album_key = dim_track.album_key
             where dim_track.track_key = $key`,
    album: `select dim_album.album_key as key, dim_album.album_name as name, dim_album.artist_key,
                dim_artist.artist_name, null::bigint as album_key, null as album_name, null as artist_type,
                null as origin_country, null as origin_area, null as life_span, null as musicbrainz_id,
                null::bigint as duration_ms, null::boolean as explicit, null as isrc,
                case dim_album.release_date_precision
                    when 'day' then strftime(dim_album.release_date, '%Y-%m-%d')
                    when 'month' then strftime(dim_album.release_date, '%Y-%m')
                    when 'year' then strftime(dim_album.release_date, '%Y')
                end as release_date,
                dim_album.album_type, dim_album.total_tracks
             from dim_album
             left join dim_artist on dim_artist.artist_key = dim_album.artist_key
             where dim_album.album_key = $key`,
  }[kind];
  const [row] = await warehouse.rows<Record<string, unknown>>(item, { key });
  if (!row) return undefined;
  const column = KEY_COLUMN[kind];
  const [totals] = await warehouse.rows<
    { plays: number; ms: number; first: Date | null; last: Date | null; all_ms: number }
  >(
    `select
        count(*) filter (where is_counted and ${column} = $key) as plays,
        coalesce(sum(ms_played) filter (where ${column} = $key), 0)::double as ms,
        min(played_at) filter (where ${column} = $key) as first,
        max(played_at) filter (where ${column} = $key) as last,
        coalesce(sum(ms_played), 0)::double as all_ms,
     from fct_play
     where content_type = 'track'`,
    { key },
  );
  const genres = kind === "artist"
    ? (await warehouse.rows<{ genre_name: string }>(
      `select dim_genre.genre_name from bridge_artist_genre join dim_genre using (genre_key)
       where artist_key = $1 order by weight desc, genre_name`,
      [key],
    )).map((genre) => genre.genre_name)
    : [];
  return {
    kind,
    key: String(key),
    name: row.name as string,
    artistKey: row.artist_key === null ? null : String(row.artist_key),
    artistName: row.artist_name as string | null,
    albumKey: row.album_key === null ? null : String(row.album_key),
    albumName: row.album_name as string | null,
    plays: totals.plays,
    minutes: totals.ms / 60_000,
    share: totals.all_ms > 0 ? totals.ms / totals.all_ms : 0,
    firstPlayed: totals.first,
    lastPlayed: totals.last,
    artistType: row.artist_type as string | null,
    originCountry: row.origin_country as string | null,
    originArea: row.origin_area as string | null,
    lifeSpan: row.life_span as string | null,
    musicbrainzId: row.musicbrainz_id as string | null,
    genres,
    durationMs: row.duration_ms as number | null,
    explicit: row.explicit as boolean | null,
    isrc: row.isrc as string | null,
    releaseDate: row.release_date as string | null,
    albumType: row.album_type as string | null,
    totalTracks: row.total_tracks as number | null,
  };
}

export interface MonthMinutes {
  /** First day of the local month, as yyyy-mm-01. */
  month: string;
  minutes: number;
  plays: number;
}

/** Minutes and counted plays per local month for one artist, track or album (months without plays left out). */
export async function itemMonthly(
  warehouse: Warehouse,
  kind: DetailKind,
  key: bigint,
): Promise<MonthMinutes[]> {
  return (await warehouse.rows<{ month: string; ms: number; plays: number }>(
    `select strftime(date_trunc('month', dim_date.date), '%Y-%m-%d') as month,
        sum(ms_played)::double as ms, count(*) filter (where is_counted) as plays
     from fct_play join dim_date using (date_key)
     where ${KEY_COLUMN[kind]} = $1
     group by all order by month`,
    [key],
  )).map((row) => ({ month: row.month, minutes: row.ms / 60_000, plays: row.plays }));
}

export interface ItemTrack {
  key: string;
  name: string;
  plays: number;
  minutes: number;
  /** Credited as a featured artist, not the primary one (artist pages only). */
  featured: boolean;
}

/**
 * The tracks of an artist or album, most played first; for an artist also the tracks it is featured on (from
 * Spotify's credits, once enriched).
 */
export async function itemTracks(
  warehouse: Warehouse,
  kind: "artist" | "album",
  key: bigint,
  { limit = 25 }: { limit?: number } = {},
): Promise<ItemTrack[]> {
  return (await warehouse.rows<
    { key: number | string; name: string; plays: number; ms: number; featured: boolean }
  >(
    `with tracks as (
        select track_key, false as featured from dim_track where ${KEY_COLUMN[kind]} = $1
        union
        select track_key, true from bridge_track_artist where $2 = 'artist' and artist_key = $1 and not is_primary
     ),
     listened as (
        select track_key, count(*) filter (where is_counted) as plays, sum(ms_played)::double as ms
        from fct_play where track_key in (select track_key from tracks)
        group by all
     )
     select dim_track.track_key as key, dim_track.track_name as name, coalesce(listened.plays, 0) as plays,
        coalesce(listened.ms, 0) as ms, bool_or(tracks.featured) as featured
     from tracks
     join dim_track using (track_key)
     left join listened using (track_key)
     group by all
     order by plays desc, ms desc, name
     limit $3`,
    [key, kind, limit],
  )).map((row) => ({
    key: String(row.key),
    name: row.name,
    plays: row.plays,
    minutes: row.ms / 60_000,
    featured: row.featured,
  }));
}

/** The albums of an artist, most played first. */
export async function artistAlbums(
  warehouse: Warehouse,
  key: bigint,
  { limit = 25 } = {},
): Promise<ItemTrack[]> {
  return (await warehouse.rows<{ key: number | string; name: string; plays: number; ms: number }>(
    `select dim_album.album_key as key, dim_album.album_name as name,
        count(*) filter (where fct_play.is_counted) as plays, coalesce(sum(fct_play.ms_played), 0)::double as ms
     from dim_album
     left join fct_play using (album_key)
     where dim_album.artist_key = $1
     group by all
     order by plays desc, ms desc, name
     limit $2`,
    [key, limit],
  )).map((row) => ({
    key: String(row.key),
    name: row.name,
    plays: row.plays,
    minutes: row.ms / 60_000,
    featured: false,
  }));
}

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
  return await warehouse.rows<BehaviourYear & Record<string, unknown>>(
    `select
        coalesce(date_key // 10000, 0) as year,
        count(*) as plays,
        avg(skipped::integer) as skipped,
        avg(shuffle::integer) as shuffle,
        avg(offline::integer) as offline,
        avg(incognito::integer) as incognito,
     from fct_play
     where content_type = 'track' and date_key between $1 and $2
     group by rollup (date_key // 10000)
     order by year desc`,
    [period.fromKey, period.toKey],
  );
}

export interface LabelledMinutes {
  label: string;
  plays: number;
  minutes: number;
  /** Share of the period's minutes, 0..1. */
  share: number;
}

/** Music minutes in a period by platform family (see the platform_family macro), most first. */
export async function platformMinutes(warehouse: Warehouse, period: Period): Promise<LabelledMinutes[]> {
  return await labelledMinutes(warehouse, period, "platform");
}

/** Music minutes in a period by why plays started or ended (Spotify's reason_start / reason_end), most first. */
export async function reasonMinutes(
  warehouse: Warehouse,
  period: Period,
  which: "start" | "end",
): Promise<LabelledMinutes[]> {
  return await labelledMinutes(warehouse, period, which === "start" ? "reason start" : "reason end");
}

async function labelledMinutes(
  warehouse: Warehouse,
  period: Period,
  by: "platform" | "reason start" | "reason end",
): Promise<LabelledMinutes[]> {
  const rows = await warehouse.rows<{ label: string; plays: number; ms: number; share: number }>(
    `with labelled as (
        select
            case $by
                when 'platform' then platform_family(platform)
                when 'reason start' then coalesce(nullif(reason_start, ''), 'unknown')
                else coalesce(nullif(reason_end, ''), 'unknown')
            end as label,
            is_counted,
            ms_played,
        from fct_play
        where content_type = 'track' and date_key between $from_key and $to_key
     )
     select label, count(*) filter (where is_counted) as plays, sum(ms_played)::double as ms,
        sum(ms_played) / sum(sum(ms_played)) over () as share
     from labelled
     group by label
     order by ms desc, label`,
    { by, from_key: period.fromKey, to_key: period.toKey },
  );
  return rows.map((row) => ({
    label: row.label,
    plays: row.plays,
    minutes: row.ms / 60_000,
    share: row.share,
  }));
}

export interface ShowMinutes {
  /** The podcast show or the audiobook. */
  show: string;
  /** Distinct episodes or chapters played. */
  episodes: number;
  minutes: number;
  lastPlayed: Date;
}

/** Podcast shows or audiobooks in a period, most listened first. Music never appears here. */
export async function showMinutes(
  warehouse: Warehouse,
  period: Period,
  contentType: "episode" | "audiobook",
  { limit = 25 }: { limit?: number } = {},
): Promise<ShowMinutes[]> {
  const rows = await warehouse.rows<{ show_name: string; episodes: number; ms: number; last_played: Date }>(
    `select coalesce(dim_episode.show_name, '(unknown)') as show_name, count(distinct fct_play.episode_key) as episodes,
        sum(fct_play.ms_played)::double as ms, max(fct_play.played_at) as last_played
     from fct_play
     join dim_episode using (episode_key)
     where fct_play.content_type = $1 and fct_play.date_key between $2 and $3
     group by all
     order by ms desc, show_name
     limit $4`,
    [contentType, period.fromKey, period.toKey, limit],
  );
  return rows.map((row) => ({
    show: row.show_name,
    episodes: row.episodes,
    minutes: row.ms / 60_000,
    lastPlayed: row.last_played,
  }));
}

export interface SpokenYear {
  year: number;
  podcastMinutes: number;
  audiobookMinutes: number;
  /** For comparison: music minutes that year. */
  musicMinutes: number;
}

/** Minutes of podcasts, audiobooks and music per local year in a period. */
export async function spokenByYear(warehouse: Warehouse, period: Period): Promise<SpokenYear[]> {
  const rows = await warehouse.rows<{ year: number; podcast: number; audiobook: number; music: number }>(
    `select date_key // 10000 as year,
        coalesce(sum(ms_played) filter (where content_type = 'episode'), 0)::double as podcast,
        coalesce(sum(ms_played) filter (where content_type = 'audiobook'), 0)::double as audiobook,
        coalesce(sum(ms_played) filter (where content_type = 'track'), 0)::double as music,
     from fct_play
     where date_key between $1 and $2
     group by all
     order by year desc`,
    [period.fromKey, period.toKey],
  );
  return rows.map((row) => ({
    year: row.year,
    podcastMinutes: row.podcast / 60_000,
    audiobookMinutes: row.audiobook / 60_000,
    musicMinutes: row.music / 60_000,
  }));
}

export type TimelineStep = "day" | "week" | "month";

export interface TimelineBucket {
  /** First local day of the bucket (yyyy-mm-dd; weeks start on Monday). */
  start: string;
  hours: number;
  plays: number;
}

/** Hours listened (all content) per local day, ISO week or month in a period; empty buckets left out. */
export async function timeline(
  warehouse: Warehouse,
  period: Period,
  step: TimelineStep,
): Promise<TimelineBucket[]> {
  const rows = await warehouse.rows<{ start: string; ms: number; plays: number }>(
    `select strftime(date_trunc($step, dim_date.date), '%Y-%m-%d') as start,
        sum(fct_play.ms_played)::double as ms, count(*) filter (where fct_play.is_counted) as plays
     from fct_play join dim_date using (date_key)
     where fct_play.date_key between $from_key and $to_key
     group by all
     order by start`,
    { step, from_key: period.fromKey, to_key: period.toKey },
  );
  return rows.map((row) => ({ start: row.start, hours: row.ms / 3_600_000, plays: row.plays }));
}

export interface SeasonMinutes {
  season: "winter" | "spring" | "summer" | "autumn";
  minutes: number;
  /** Local days of that season with at least one play. */
  days: number;
}

/** Minutes by meteorological season (northern hemisphere, local dates) in a period. */
export async function seasonMinutes(warehouse: Warehouse, period: Period): Promise<SeasonMinutes[]> {
  const rows = await warehouse.rows<{ season: SeasonMinutes["season"]; ms: number; days: number }>(
    `select dim_date.season, sum(fct_play.ms_played)::double as ms, count(distinct fct_play.date_key) as days
     from fct_play join dim_date using (date_key)
     where fct_play.date_key between $1 and $2
     group by all`,
    [period.fromKey, period.toKey],
  );
  const order = ["winter", "spring", "summer", "autumn"];
  return rows.map((row) => ({ season: row.season, minutes: row.ms / 60_000, days: row.days }))
    .sort((a, b) => order.indexOf(a.season) - order.indexOf(b.season));
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
  const [row] = await warehouse.rows<
    { week: number; previous_week: number; month: number; previous_month: number }
  >(
    `with spans as (
        select
            $today::date as today,
            $today::date - (isodow($today::date) - 1)::integer as week_start,
            date_trunc('month', $today::date)::date as month_start,
            date_trunc('month', $today::date - interval 1 month)::date as previous_month_start,
     ),
     keys as (
        select
            date_key_of(today) as today, date_key_of(week_start) as week_start,
            date_key_of(today - 7) as previous_today, date_key_of(week_start - 7) as previous_week_start,
            date_key_of(month_start) as month_start, date_key_of(previous_month_start) as previous_month_start,
            -- the same day of the month before, or its last day (31 March → 29 February)
            date_key_of(least(today - interval 1 month, month_start - 1)) as previous_month_today,
        from spans
     )
     select
        coalesce(sum(ms_played) filter (where date_key between week_start and today), 0)::double as week,
        coalesce(sum(ms_played) filter (where date_key between previous_week_start and previous_today), 0)::double
            as previous_week,
        coalesce(sum(ms_played) filter (where date_key between month_start and today), 0)::double as month,
        coalesce(sum(ms_played) filter (where date_key between previous_month_start and previous_month_today), 0)::double
            as previous_month,
     from fct_play, keys
     where date_key between least(previous_month_start, previous_week_start) and today`,
    { today },
  );
  return {
    weekMinutes: row.week / 60_000,
    previousWeekMinutes: row.previous_week / 60_000,
    monthMinutes: row.month / 60_000,
    previousMonthMinutes: row.previous_month / 60_000,
  };
}
