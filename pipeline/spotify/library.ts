/**
 * The library job: once a day, for every connected user, read their liked songs, followed artists and own
 * playlists from Spotify (one request per page of 50; a playlist whose version is unchanged is not read again)
 * and merge them into the snapshot tables in one transaction with the library marts' refresh. A failure or a kill
 * before the merge leaves the snapshot tables as they were; a rate limit stops the run quietly until tomorrow.
 * Connections made before the library scopes existed are skipped, and the pages ask their users to reconnect.
 */
import type { SpotifyConfig } from "../../config.ts";
import type { Warehouse } from "../../warehouse/duckdb.ts";
import { refreshLibrary } from "../../warehouse/build.ts";
import { readSql } from "../../warehouse/sql_files.ts";
import type { Job } from "../jobs/runner.ts";
import { getJson, type GetOptions, QuotaExceeded, RateLimited, SpotifyApiError } from "./api.ts";
import { accessToken } from "./connections.ts";
import { listConnections, refuseLibraryConsent } from "../../warehouse/state/spotify_connections.ts";
import { ReconnectNeeded } from "./oauth.ts";

/** The largest page every library endpoint allows. */
const PAGE = 50;
/** Pages read from one list at most: 50,000 liked songs, far beyond Spotify's own limits for a list. */
const MAX_PAGES = 1000;

type List = "liked" | "followed" | "playlists" | "playlist";

/** The part of a page the job reads itself, where the next one is (SQL reads the entries). */
interface PageResponse {
  next?: unknown;
  artists?: { next?: unknown };
}

export interface LibraryOptions {
  /** Passed to every API call (tests set a fake sleep). */
  api?: GetOptions;
  now?: () => Date;
}

export interface SnapshotCounts {
  likedTracks: number;
  followedArtists: number;
  ownPlaylists: number;
  playlistsUnchanged: number;
  entriesSkipped: number;
  requests: number;
}

export function libraryJob(config: SpotifyConfig, options: LibraryOptions = {}): Job {
  return {
    name: "library",
    async run({ warehouse, logger }) {
      const counts = { users: 0, needs_consent: 0, liked_tracks: 0, followed_artists: 0, requests: 0 };
      const problems: string[] = [];
      for (const connection of await listConnections(warehouse)) {
        if (connection.status !== "connected") {
          problems.push(`${connection.userName}: needs to connect Spotify again`);
          continue;
        }
        if (connection.libraryConsent === false) {
          counts.needs_consent++;
          logger.info("skipped: the connection predates the library scopes", { user: connection.userName });
          continue;
        }
        try {
          const snapshot = await takeSnapshot(warehouse, config, connection.userName, options);
          counts.users++;
          counts.liked_tracks += snapshot.likedTracks;
          counts.followed_artists += snapshot.followedArtists;
          counts.requests += snapshot.requests;
        } catch (error) {
          if (error instanceof SpotifyApiError && error.status === 403 && /scope/i.test(error.message)) {
            // "Insufficient client scope": an old consent whose scope Spotify did not report. Remembered, so the
            // pages ask for a new consent and later runs skip the account.
            await refuseLibraryConsent(warehouse, connection.userName);
            counts.needs_consent++;
            logger.warn("Spotify refused the library", { user: connection.userName, error: error.message });
          } else if (error instanceof RateLimited || error instanceof QuotaExceeded) {
            logger.warn("stopped: Spotify asks to wait; the next snapshot is tomorrow", {
              reason: error.message,
            });
            return { ...counts, stopped: error.message };
          } else if (error instanceof ReconnectNeeded) {
            problems.push(`${connection.userName}: ${error.message}`);
          } else {
            throw error;
          }
        }
      }
      if (problems.length > 0) throw new Error(problems.join("; "));
      return counts;
    },
  };
}

/** Reads `user`'s library and merges it as one snapshot. */
export async function takeSnapshot(
  warehouse: Warehouse,
  config: SpotifyConfig,
  user: string,
  options: LibraryOptions = {},
): Promise<SnapshotCounts> {
  let requests = 0;
  const get = async <T>(path: string): Promise<T> => {
    requests++;
    return await getJson<T>(config, await accessToken(warehouse, config, user), path, options.api);
  };
  const me = await get<{ id?: unknown }>("/v1/me");
  if (typeof me.id !== "string" || !me.id) throw new Error("Spotify's /v1/me answer has no id");

  // Entries land in temp tables as they arrive, one row per item (whole pages as strings cost DuckDB several
  // times their size); they are connection-local, so nothing is visible or kept until the merge commits.
  await warehouse.run(
    `create or replace temp table library_entry (list varchar, playlist_id varchar, page integer, position integer,
       entry json);
     create or replace temp table library_read (list varchar, playlist_id varchar)`,
  );
  const read = async (
    list: List,
    playlistId: string,
    firstPath: string,
    next: (page: PageResponse) => unknown,
  ) => {
    let path: string | undefined = firstPath;
    for (let count = 0; path; count++) {
      if (count >= MAX_PAGES) throw new Error(`Spotify's ${list} list did not end after ${MAX_PAGES} pages`);
      const response = await get<PageResponse>(path);
      await warehouse.run(
        `insert into library_entry select $1, $2, $3, generate_subscripts(entries, 1), unnest(entries)
         from (select json_extract($4::json, $5) as entries)`,
        [
          list,
          playlistId,
          count,
          JSON.stringify(response),
          list === "followed" ? "$.artists.items[*]" : "$.items[*]",
        ],
      );
      path = nextPath(next(response), path);
    }
    await warehouse.run("insert into library_read values ($1, $2)", [list, playlistId]);
  };
  await read("liked", "", `/v1/me/tracks?limit=${PAGE}`, (page) => page?.next);
  await read("followed", "", `/v1/me/following?type=artist&limit=${PAGE}`, (page) => page?.artists?.next);
  await read("playlists", "", `/v1/me/playlists?limit=${PAGE}`, (page) => page?.next);

  // Which playlists are the account's own, and which of them changed, is decided in SQL, once for the merge too.
  await warehouse.run("set variable library_user = $1", [user]);
  await warehouse.run("set variable spotify_user_id = $1", [me.id]);
  await warehouse.run(await readSql("library/own_playlists.sql"));
  const own = await warehouse.rows<{ playlist_id: string; changed: boolean }>(
    `select playlist_id, version is distinct from stored_version as changed from library_own_playlists
     order by page, position`,
  );
  for (const playlist of own.filter((candidate) => candidate.changed)) {
    try {
      await read(
        "playlist",
        playlist.playlist_id,
        `/v1/playlists/${encodeURIComponent(playlist.playlist_id)}/items?limit=${PAGE}`,
        (page) => page?.next,
      );
    } catch (error) {
      // Deleted since it was listed: the merge keeps what was stored, and the next snapshot sees it gone.
      if (!(error instanceof SpotifyApiError && error.status === 404)) throw error;
    }
  }

  const takenAt = (options.now ?? (() => new Date()))();
  // The merge holds every item read as Spotify's JSON (a large library: 20,000 track objects) in temp tables,
  // which do not fit DuckDB's default 160MB: the snapshot gets at least 320MB for the seconds it takes.
  // DuckDB says its limit as "152.5 MiB" or "1.5 GiB".
  const [amount, unit] = (await warehouse.value<string>("select current_setting('memory_limit')")).split(" ");
  const limitMb = Math.round(Number(amount) * ({ KiB: 1 / 1024, MiB: 1, GiB: 1024 }[unit] ?? NaN) * 1.048576);
  const raise = Number.isFinite(limitMb) && limitMb < SNAPSHOT_MEMORY_MB;
  if (raise) await warehouse.setMemoryLimit(`${SNAPSHOT_MEMORY_MB}MB`);
  try {
    return await mergeSnapshot();
  } finally {
    if (raise) await warehouse.setMemoryLimit(`${limitMb}MB`);
  }

  async function mergeSnapshot() {
    return await warehouse.transaction(async () => {
      await warehouse.run("set variable library_taken_at = $1::timestamptz", [takenAt.toISOString()]);
      await warehouse.run(await readSql("library/merge_snapshot.sql"));
      const [found] = await warehouse.rows<{ liked: number; followed: number; skipped: number }>(
        `select
         (select count(*) from library_fetched where list = 'liked')::integer as liked,
         (select count(*) from library_fetched where list = 'followed')::integer as followed,
         (select count(*) from library_entries where not coalesce(is_track, false))::integer as skipped`,
      );
      const counts: SnapshotCounts = {
        likedTracks: found.liked,
        followedArtists: found.followed,
        ownPlaylists: own.length,
        playlistsUnchanged: own.filter((playlist) => !playlist.changed).length,
        entriesSkipped: found.skipped,
        requests,
      };
      await warehouse.run(
        `insert into raw_spotify_library_snapshot
       values (nextval('library_snapshot_id_seq'), $1, $2, $3::timestamptz, $4, $5, $6, $7, $8, $9)`,
        [
          user,
          me.id as string,
          takenAt.toISOString(),
          counts.likedTracks,
          counts.followedArtists,
          counts.ownPlaylists,
          counts.playlistsUnchanged,
          counts.entriesSkipped,
          counts.requests,
        ],
      );
      await warehouse.run("drop table library_entry; drop table library_read");
      await refreshLibrary(warehouse);
      return counts;
    });
  }
}

/** DuckDB memory a snapshot's merge gets at least, in MB. */
const SNAPSHOT_MEMORY_MB = 320;

/**
 * The path of the next page from Spotify's absolute `next` URL (it points at api.spotify.com; requests go to
 * the configured base URL), or undefined at the end. A `next` equal to the page just read would loop: refused.
 */
function nextPath(next: unknown, current: string): string | undefined {
  if (typeof next !== "string" || !next) return undefined;
  const url = new URL(next, "https://api.spotify.com");
  const path = `${url.pathname}${url.search}`;
  if (path === current) throw new Error(`Spotify's next page is the page just read (${path})`);
  return path;
}
