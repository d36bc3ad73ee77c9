/**
 * Reads for the Library page: a user's liked songs, followed artists and own playlists (fct_library_item, kept
 * from the daily snapshots) against what they played (fct_play). A library track is the plays of every track
 * bridge_library_track matches it to. Marts only and bound parameters, like queries.ts.
 */
import type { Warehouse } from "./duckdb.ts";

export interface LibraryOwner {
  userName: string;
  snapshots: number;
  firstSnapshotAt: Date;
  lastSnapshotAt: Date;
}

/** Everyone with at least one snapshot, most recently snapshotted first. */
export async function libraryOwners(warehouse: Warehouse): Promise<LibraryOwner[]> {
  const rows = await warehouse.rows<{ user_name: string; snapshots: number; first: Date; last: Date }>(
    `select user_name, count(*)::integer as snapshots, min(taken_at) as first, max(taken_at) as last
     from raw_spotify_library_snapshot
     group by user_name
     order by last desc, user_name`,
  );
  return rows.map((row) => ({
    userName: row.user_name,
    snapshots: row.snapshots,
    firstSnapshotAt: row.first,
    lastSnapshotAt: row.last,
  }));
}

export interface LibraryTrack {
  name: string;
  artist: string | null;
  album: string | null;
  addedAt: Date | null;
}

export interface PlayedTrack {
  trackKey: number | string;
  name: string;
  artist: string | null;
  plays: number;
  minutes: number;
  firstPlayedAt: Date;
}

export interface SlowSave extends LibraryTrack {
  firstPlayedAt: Date;
  plays: number;
  daysToSave: number;
}

/** When liked songs were saved, against their first counted play. */
export interface SaveTiming {
  label: string;
  tracks: number;
}

export interface LibraryArtist {
  artistKey: number | string | null;
  name: string;
  plays: number;
}

export interface PlaylistUse {
  name: string;
  tracks: number;
  tracksPlayed: number;
  hours: number;
  lastAddedAt: Date | null;
}

export interface RemovedTrack extends LibraryTrack {
  removedAt: Date;
}

export interface LibraryReport {
  likedTracks: number;
  likedPlayed: number;
  /** Share of the user's counted listening time spent on songs currently liked. */
  likedTimeShare: number;
  followedArtists: number;
  followedPlayed: number;
  ownPlaylists: number;
  savedNeverPlayed: { total: number; latest: LibraryTrack[] };
  playedNeverSaved: PlayedTrack[];
  saveTiming: SaveTiming[];
  /** Median days from the first play to the save, over songs saved after they were first played. */
  medianDaysToSave: number | null;
  slowestSaves: SlowSave[];
  followedNeverPlayed: { total: number; names: string[] };
  playedNotFollowed: LibraryArtist[];
  playlists: PlaylistUse[];
  removed: RemovedTrack[];
}

/** How long after the first play a song was saved, in the order the page shows. */
export const SAVE_TIMING = [
  "saved before the first play",
  "the same day",
  "within a month",
  "within a year",
  "a year or more later",
  "not played yet",
] as const;

/** A day in ms, as a BIGINT literal (30 days of INTEGER milliseconds would overflow). */
const DAY_MS = "86400000::bigint";

/** Rows in each list of tracks (the page sets two side by side). */
const LIST_LIMIT = 15;

/**
 * The report for `user`. Liked songs count as played when any counted play matches them; "never saved" means
 * never seen among liked songs in any snapshot.
 */
export async function libraryReport(warehouse: Warehouse, user: string): Promise<LibraryReport> {
  // Each query repeats the same small CTEs: DuckDB reads them in milliseconds at these sizes.
  const base = `
    with
    plays as (
        select track_key, artist_key, played_at, ms_played
        from fct_play
        where user_key = surrogate_key('user:' || $user) and is_counted and content_type = 'track'
    ),
    -- Times as epoch ms: timestamptz arithmetic goes through ICU and cost 30-60 ms a query on 350,000 plays.
    -- A first play is when it started, not ended: a song liked during its first play was liked after it.
    track_plays as (
        select
            track_key,
            count(*)::integer as plays,
            sum(ms_played) as ms,
            min(epoch_ms(played_at) - ms_played) as first_played_ms,
            to_timestamp(first_played_ms / 1000) as first_played_at,
        from plays
        group by track_key
    ),
    library as (
        select * from fct_library_item where user_key = surrogate_key('user:' || $user)
    ),
    liked as (
        select * from library where list = 'liked' and is_current
    ),
    -- each current liked song with its plays (of every track it matches)
    liked_use as (
        select
            liked.library_item_key,
            any_value(liked.item_name) as name,
            any_value(liked.artist_name) as artist,
            any_value(liked.album_name) as album,
            any_value(liked.added_at) as added_at,
            coalesce(sum(track_plays.plays), 0)::integer as plays,
            coalesce(sum(track_plays.ms), 0) as ms,
            min(track_plays.first_played_at) as first_played_at,
            -- from the first play's start to the like; negative when liked before it
            epoch_ms(any_value(liked.added_at)) - min(track_plays.first_played_ms) as ms_to_save,
        from liked
        left join bridge_library_track as bridge using (item_uri)
        left join track_plays using (track_key)
        group by liked.library_item_key
    )`;
  const params = { user };

  const [summary] = await warehouse.rows<{
    liked: number;
    liked_played: number;
    liked_share: number | null;
    followed: number;
    followed_played: number;
    playlists: number;
  }>(
    `${base},
     liked_tracks as (
        select distinct track_key from liked join bridge_library_track using (item_uri)
     ),
     followed as (
        select artist_key from library where list = 'followed' and is_current
     )
     select
        (select count(*) from liked_use)::integer as liked,
        (select count(*) from liked_use where plays > 0)::integer as liked_played,
        (select sum(ms) filter (where track_key in (select track_key from liked_tracks)) / nullif(sum(ms), 0)
         from track_plays) as liked_share,
        (select count(*) from followed)::integer as followed,
        (select count(*) from followed
         where artist_key in (select artist_key from plays where artist_key is not null))::integer as followed_played,
        (select count(*) from dim_playlist
         where user_key = surrogate_key('user:' || $user) and is_current)::integer as playlists`,
    params,
  );

  const neverPlayed = await warehouse.rows<
    { name: string; artist: string | null; album: string | null; added_at: Date | null }
  >(
    `${base}
     select name, artist, album, added_at from liked_use where plays = 0
     order by added_at desc nulls last, name
     limit ${LIST_LIMIT}`,
    params,
  );

  const neverSaved = await warehouse.rows<{
    track_key: number | string;
    name: string;
    artist: string | null;
    plays: number;
    ms: number;
    first_played_at: Date;
  }>(
    `${base},
     ever_liked as (
        select distinct track_key from library join bridge_library_track using (item_uri) where list = 'liked'
     )
     select track_plays.track_key, dim_track.track_name as name, dim_artist.artist_name as artist,
        track_plays.plays, track_plays.ms, track_plays.first_played_at
     from track_plays
     join dim_track using (track_key)
     left join dim_artist on dim_artist.artist_key = dim_track.artist_key
     where track_plays.track_key not in (select track_key from ever_liked)
     order by track_plays.plays desc, track_plays.ms desc, name
     limit ${LIST_LIMIT}`,
    params,
  );

  const timing = await warehouse.rows<{ label: string; tracks: number }>(
    `${base}
     select
        case
            when plays = 0 then '${SAVE_TIMING[5]}'
            when added_at is null or ms_to_save < 0 then '${SAVE_TIMING[0]}'
            when ms_to_save < ${DAY_MS} then '${SAVE_TIMING[1]}'
            when ms_to_save < 30 * ${DAY_MS} then '${SAVE_TIMING[2]}'
            when ms_to_save < 365 * ${DAY_MS} then '${SAVE_TIMING[3]}'
            else '${SAVE_TIMING[4]}'
        end as label,
        count(*)::integer as tracks,
     from liked_use
     group by label`,
    params,
  );
  const counted = new Map(timing.map((row) => [row.label, row.tracks]));

  const [median] = await warehouse.rows<{ days: number | null }>(
    `${base}
     select median(ms_to_save / ${DAY_MS}) as days
     from liked_use
     where plays > 0 and ms_to_save >= 0`,
    params,
  );

  const slowest = await warehouse.rows<{
    name: string;
    artist: string | null;
    album: string | null;
    added_at: Date;
    first_played_at: Date;
    plays: number;
    days: number;
  }>(
    `${base}
     select name, artist, album, added_at, first_played_at, plays,
        floor(ms_to_save / ${DAY_MS})::integer as days
     from liked_use
     where plays > 0 and ms_to_save >= 30 * ${DAY_MS}
     order by days desc, name
     limit 10`,
    params,
  );

  const [followedNever] = await warehouse.rows<{ total: number; names: string[] }>(
    `${base}
     select count(*)::integer as total, list(item_name order by item_name)[1:${LIST_LIMIT}] as names
     from library
     where list = 'followed' and is_current
        and (artist_key is null or artist_key not in (select artist_key from plays where artist_key is not null))`,
    params,
  );

  const notFollowed = await warehouse.rows<{ artist_key: number | string; name: string; plays: number }>(
    `${base}
     select plays.artist_key, dim_artist.artist_name as name, count(*)::integer as plays
     from plays
     join dim_artist using (artist_key)
     where plays.artist_key not in (
        select artist_key from library where list = 'followed' and is_current and artist_key is not null
     )
     group by all
     order by plays desc, name
     limit 10`,
    params,
  );

  const playlists = await warehouse.rows<{
    name: string;
    tracks: number;
    tracks_played: number;
    ms: number;
    last_added_at: Date | null;
  }>(
    `${base},
     items as (
        select library.playlist_key, library.library_item_key, library.added_at,
            coalesce(sum(track_plays.plays), 0) as plays, coalesce(sum(track_plays.ms), 0) as ms,
        from library
        left join bridge_library_track using (item_uri)
        left join track_plays using (track_key)
        where library.list = 'playlist' and library.is_current
        group by all
     )
     select dim_playlist.playlist_name as name,
        count(items.library_item_key)::integer as tracks,
        count(items.library_item_key) filter (where items.plays > 0)::integer as tracks_played,
        coalesce(sum(items.ms), 0) as ms,
        max(items.added_at) as last_added_at,
     from dim_playlist
     left join items using (playlist_key)
     where dim_playlist.user_key = surrogate_key('user:' || $user) and dim_playlist.is_current
     group by dim_playlist.playlist_key, dim_playlist.playlist_name
     order by ms desc, name`,
    params,
  );

  const removed = await warehouse.rows<{
    name: string;
    artist: string | null;
    album: string | null;
    added_at: Date | null;
    removed_at: Date;
  }>(
    `${base}
     select item_name as name, artist_name as artist, album_name as album, added_at, valid_to as removed_at
     from library
     where list = 'liked' and not is_current and item_uri not in (select item_uri from liked)
     order by valid_to desc, name
     limit 10`,
    params,
  );

  const track = (
    row: { name: string; artist: string | null; album: string | null; added_at: Date | null },
  ) => ({
    name: row.name,
    artist: row.artist,
    album: row.album,
    addedAt: row.added_at,
  });
  return {
    likedTracks: summary.liked,
    likedPlayed: summary.liked_played,
    likedTimeShare: summary.liked_share ?? 0,
    followedArtists: summary.followed,
    followedPlayed: summary.followed_played,
    ownPlaylists: summary.playlists,
    savedNeverPlayed: { total: counted.get(SAVE_TIMING[5]) ?? 0, latest: neverPlayed.map(track) },
    playedNeverSaved: neverSaved.map((row) => ({
      trackKey: row.track_key,
      name: row.name,
      artist: row.artist,
      plays: row.plays,
      minutes: row.ms / 60_000,
      firstPlayedAt: row.first_played_at,
    })),
    saveTiming: SAVE_TIMING.map((label) => ({ label, tracks: counted.get(label) ?? 0 })),
    medianDaysToSave: median?.days ?? null,
    slowestSaves: slowest.map((row) => ({
      ...track(row),
      firstPlayedAt: row.first_played_at,
      plays: row.plays,
      daysToSave: row.days,
    })),
    followedNeverPlayed: { total: followedNever?.total ?? 0, names: followedNever?.names ?? [] },
    playedNotFollowed: notFollowed.map((row) => ({
      artistKey: row.artist_key,
      name: row.name,
      plays: row.plays,
    })),
    playlists: playlists.map((row) => ({
      name: row.name,
      tracks: row.tracks,
      tracksPlayed: row.tracks_played,
      hours: row.ms / 3_600_000,
      lastAddedAt: row.last_added_at,
    })),
    removed: removed.map((row) => ({ ...track(row), removedAt: row.removed_at })),
  };
}
