/**
 * The Library page: a user's liked songs, followed artists and own playlists (fct_library_item, kept from the
 * daily snapshots) against what they played (fct_play). A library track is the plays of every track
 * bridge_library_track matches it to. The queries share the table macros of library_macros.sql.
 */
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { select, selectRow } from "../../../warehouse/select.ts";
import macrosSql from "./library_macros.sql" with { type: "text" };
import summarySql from "./summary.sql" with { type: "text" };
import savedNeverPlayedSql from "./saved_never_played.sql" with { type: "text" };
import playedNeverSavedSql from "./played_never_saved.sql" with { type: "text" };
import saveTimingSql from "./save_timing.sql" with { type: "text" };
import slowestSavesSql from "./slowest_saves.sql" with { type: "text" };
import followedNeverPlayedSql from "./followed_never_played.sql" with { type: "text" };
import playedNotFollowedSql from "./played_not_followed.sql" with { type: "text" };
import playlistsSql from "./playlists.sql" with { type: "text" };
import removedSql from "./removed.sql" with { type: "text" };

export interface LibraryOwner {
  userName: string;
  snapshots: number;
  firstSnapshotAt: Date;
  lastSnapshotAt: Date;
}

/** Everyone with at least one snapshot, most recently snapshotted first. */
export async function libraryOwners(warehouse: Warehouse): Promise<LibraryOwner[]> {
  return await select<LibraryOwner>(
    warehouse,
    `select user_name, count(*)::integer as snapshots, min(taken_at) as first_snapshot_at,
        max(taken_at) as last_snapshot_at
     from raw_spotify_library_snapshot group by user_name order by last_snapshot_at desc, user_name`,
  );
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
  artistKey: string | null;
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

/** summary.sql's row. */
interface LibrarySummary {
  likedTracks: number;
  likedPlayed: number;
  likedTimeShare: number | null;
  followedArtists: number;
  followedPlayed: number;
  ownPlaylists: number;
}

/** How long after the first play a song was saved, in the order the page shows (save_timing.sql's buckets). */
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
 * The report for `user`. Liked songs count as played when any counted play matches them; "never saved" means
 * never seen among liked songs in any snapshot.
 */
export async function libraryReport(warehouse: Warehouse, user: string): Promise<LibraryReport> {
  await warehouse.run(macrosSql);
  const params = { user };
  const listed = { user, limit: LIST_LIMIT };
  const summary = (await selectRow<LibrarySummary>(warehouse, summarySql, params))!;
  const timing = await select<{ bucket: number; tracks: number }>(warehouse, saveTimingSql, params);
  const counted = new Map(timing.map((row) => [SAVE_TIMING[row.bucket], row.tracks]));
  const median = await warehouse.value<number | null>(
    `select median(ms_to_save / 86400000::bigint) from library_liked_use($user) where plays > 0 and ms_to_save >= 0`,
    params,
  );
  const followedNever = await selectRow<{ total: number; names: string[] }>(
    warehouse,
    followedNeverPlayedSql,
    listed,
  );
  return {
    likedTracks: summary.likedTracks,
    likedPlayed: summary.likedPlayed,
    likedTimeShare: summary.likedTimeShare ?? 0,
    followedArtists: summary.followedArtists,
    followedPlayed: summary.followedPlayed,
    ownPlaylists: summary.ownPlaylists,
    savedNeverPlayed: {
      total: counted.get(SAVE_TIMING[5]) ?? 0,
      latest: await select<LibraryTrack>(warehouse, savedNeverPlayedSql, listed),
    },
    playedNeverSaved: await select<PlayedTrack>(warehouse, playedNeverSavedSql, listed),
    saveTiming: SAVE_TIMING.map((label) => ({ label, tracks: counted.get(label) ?? 0 })),
    medianDaysToSave: median ?? null,
    slowestSaves: await select<SlowSave>(warehouse, slowestSavesSql, params),
    followedNeverPlayed: { total: followedNever?.total ?? 0, names: followedNever?.names ?? [] },
    playedNotFollowed: await select<LibraryArtist>(warehouse, playedNotFollowedSql, params),
    playlists: await select<PlaylistUse>(warehouse, playlistsSql, params),
    removed: await select<RemovedTrack>(warehouse, removedSql, params),
  };
}
