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
  trackKey: string;
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
  artistKey: string;
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

/** Rows in each list of tracks (the page sets two side by side). */
const LIST_LIMIT = 15;

/**
 * The report for `user`, in one query: the user's plays per track and the liked songs' use are computed once
 * (materialized) and every part of the page reads them. Liked songs count as played when any counted play
 * matches them; "never liked" means never seen among liked songs in any snapshot.
 */
export async function libraryReport(warehouse: Warehouse, user: string): Promise<LibraryReport> {
  const [row] = await warehouse.rows<ReportRow>(
    `with
    plays as materialized (
        select track_key, artist_key, played_at, ms_played
        from fct_play
        where user_key = surrogate_key('user:' || $user) and is_counted and content_type = 'track'
    ),
    track_plays as materialized (
        select
            track_key,
            count(*)::integer as plays,
            sum(ms_played) as ms,
            -- when the first play started, not ended: a song liked during its first play was liked after it
            min(played_at - to_milliseconds(ms_played)) as first_played_at,
        from plays
        group by track_key
    ),
    library as materialized (
        select * from fct_library_item where user_key = surrogate_key('user:' || $user)
    ),
    liked as (
        select * from library where list = 'liked' and is_current
    ),
    -- each current liked song with its plays (of every track it matches)
    liked_use as materialized (
        select
            liked.library_item_key,
            any_value(liked.item_name) as name,
            any_value(liked.artist_name) as artist,
            any_value(liked.album_name) as album,
            any_value(liked.added_at) as added_at,
            coalesce(sum(track_plays.plays), 0)::integer as plays,
            coalesce(sum(track_plays.ms), 0) as ms,
            min(track_plays.first_played_at) as first_played_at,
        from liked
        left join bridge_library_track as bridge using (item_uri)
        left join track_plays using (track_key)
        group by liked.library_item_key
    ),
    timed as (
        select
            *,
            case
                when plays = 0 then '${SAVE_TIMING[5]}'
                when added_at is null or added_at < first_played_at then '${SAVE_TIMING[0]}'
                when added_at < first_played_at + interval 1 day then '${SAVE_TIMING[1]}'
                when added_at < first_played_at + interval 30 day then '${SAVE_TIMING[2]}'
                when added_at < first_played_at + interval 365 day then '${SAVE_TIMING[3]}'
                else '${SAVE_TIMING[4]}'
            end as timing,
            epoch(added_at - first_played_at) / 86400 as days_to_save,
        from liked_use
    ),
    ever_liked as (
        select distinct track_key from library join bridge_library_track using (item_uri) where list = 'liked'
    ),
    followed as (
        select item_name, artist_key from library where list = 'followed' and is_current
    ),
    played_artists as (
        select artist_key, count(*)::integer as plays from plays where artist_key is not null group by artist_key
    ),
    playlist_items as (
        select library.playlist_key, library.library_item_key, library.added_at,
            coalesce(sum(track_plays.plays), 0) as plays, coalesce(sum(track_plays.ms), 0) as ms,
        from library
        left join bridge_library_track using (item_uri)
        left join track_plays using (track_key)
        where library.list = 'playlist' and library.is_current
        group by all
    )
    select
        (select count(*) from liked_use)::integer as liked,
        (select count(*) from liked_use where plays > 0)::integer as liked_played,
        (select sum(ms) filter (where track_key in (
            select track_key from liked join bridge_library_track using (item_uri)
         )) / nullif(sum(ms), 0) from track_plays) as liked_share,
        (select count(*) from followed)::integer as followed,
        (select count(*) from followed where artist_key in (select artist_key from played_artists))::integer
            as followed_played,
        (select count(*) from dim_playlist
         where user_key = surrogate_key('user:' || $user) and is_current)::integer as playlists,
        (select list(struct_pack(name, artist, album, added_at) order by added_at desc nulls last, name)
         from timed where plays = 0)[1:${LIST_LIMIT}] as never_played,
        (select list(struct_pack(
            track_key := track_plays.track_key::varchar,
            name := dim_track.track_name,
            artist := dim_artist.artist_name,
            plays := track_plays.plays,
            ms := track_plays.ms::double,
            first_played_at := track_plays.first_played_at
         ) order by track_plays.plays desc, track_plays.ms desc, dim_track.track_name)
         from track_plays
         join dim_track using (track_key)
         left join dim_artist on dim_artist.artist_key = dim_track.artist_key
         where track_plays.track_key not in (select track_key from ever_liked))[1:${LIST_LIMIT}] as never_saved,
        (select list(struct_pack(timing, tracks)) from (select timing, count(*)::integer as tracks from timed group by timing))
            as timing,
        (select median(days_to_save) from timed where plays > 0 and added_at >= first_played_at) as median_days,
        (select list(struct_pack(name, artist, album, added_at, first_played_at, plays,
            days := floor(days_to_save)::integer) order by days_to_save desc, name)
         from timed where plays > 0 and days_to_save >= 30)[1:10] as slowest,
        (select count(*) from followed where artist_key is null or artist_key not in (select artist_key from played_artists))::integer
            as followed_never_total,
        (select list(item_name order by item_name) from followed
         where artist_key is null or artist_key not in (select artist_key from played_artists))[1:${LIST_LIMIT}]
            as followed_never,
        (select list(struct_pack(artist_key := played_artists.artist_key::varchar, name := dim_artist.artist_name,
            plays := played_artists.plays) order by played_artists.plays desc, dim_artist.artist_name)
         from played_artists join dim_artist using (artist_key)
         where played_artists.artist_key not in (select artist_key from followed where artist_key is not null))[1:10]
            as not_followed,
        (select list(struct_pack(name, tracks, tracks_played, ms, last_added_at) order by ms desc, name) from (
            select dim_playlist.playlist_name as name,
                count(playlist_items.library_item_key)::integer as tracks,
                count(playlist_items.library_item_key) filter (where playlist_items.plays > 0)::integer as tracks_played,
                coalesce(sum(playlist_items.ms), 0)::double as ms,
                max(playlist_items.added_at) as last_added_at,
            from dim_playlist
            left join playlist_items using (playlist_key)
            where dim_playlist.user_key = surrogate_key('user:' || $user) and dim_playlist.is_current
            group by dim_playlist.playlist_key, dim_playlist.playlist_name
        )) as playlists_used,
        (select list(struct_pack(name := item_name, artist := artist_name, album := album_name, added_at,
            removed_at := valid_to) order by valid_to desc, item_name)
         from library
         where list = 'liked' and not is_current and item_uri not in (select item_uri from liked))[1:10] as removed`,
    { user },
  );
  const counted = new Map((row.timing ?? []).map((entry) => [entry.timing, entry.tracks]));
  const track = (entry: TrackEntry): LibraryTrack => ({
    name: entry.name,
    artist: entry.artist,
    album: entry.album,
    addedAt: entry.added_at,
  });
  return {
    likedTracks: row.liked,
    likedPlayed: row.liked_played,
    likedTimeShare: row.liked_share ?? 0,
    followedArtists: row.followed,
    followedPlayed: row.followed_played,
    ownPlaylists: row.playlists,
    savedNeverPlayed: {
      total: counted.get(SAVE_TIMING[5]) ?? 0,
      latest: (row.never_played ?? []).map(track),
    },
    playedNeverSaved: (row.never_saved ?? []).map((entry) => ({
      trackKey: entry.track_key,
      name: entry.name,
      artist: entry.artist,
      plays: entry.plays,
      minutes: entry.ms / 60_000,
      firstPlayedAt: entry.first_played_at,
    })),
    saveTiming: SAVE_TIMING.map((label) => ({ label, tracks: counted.get(label) ?? 0 })),
    medianDaysToSave: row.median_days,
    slowestSaves: (row.slowest ?? []).map((entry) => ({
      ...track(entry),
      firstPlayedAt: entry.first_played_at,
      plays: entry.plays,
      daysToSave: entry.days,
    })),
    followedNeverPlayed: { total: row.followed_never_total, names: row.followed_never ?? [] },
    playedNotFollowed: (row.not_followed ?? []).map((entry) => ({
      artistKey: entry.artist_key,
      name: entry.name,
      plays: entry.plays,
    })),
    playlists: (row.playlists_used ?? []).map((entry) => ({
      name: entry.name,
      tracks: entry.tracks,
      tracksPlayed: entry.tracks_played,
      hours: entry.ms / 3_600_000,
      lastAddedAt: entry.last_added_at,
    })),
    removed: (row.removed ?? []).map((entry) => ({ ...track(entry), removedAt: entry.removed_at })),
  };
}

interface TrackEntry {
  name: string;
  artist: string | null;
  album: string | null;
  added_at: Date | null;
}

/** The report query's one row: counts, and each list as structs (null when empty). */
type ReportRow = {
  liked: number;
  liked_played: number;
  liked_share: number | null;
  followed: number;
  followed_played: number;
  playlists: number;
  never_played: TrackEntry[] | null;
  never_saved:
    | {
      track_key: string;
      name: string;
      artist: string | null;
      plays: number;
      ms: number;
      first_played_at: Date;
    }[]
    | null;
  timing: { timing: string; tracks: number }[] | null;
  median_days: number | null;
  slowest: (TrackEntry & { first_played_at: Date; plays: number; days: number })[] | null;
  followed_never_total: number;
  followed_never: string[] | null;
  not_followed: { artist_key: string; name: string; plays: number }[] | null;
  playlists_used:
    | { name: string; tracks: number; tracks_played: number; ms: number; last_added_at: Date | null }[]
    | null;
  removed: (TrackEntry & { removed_at: Date })[] | null;
};
