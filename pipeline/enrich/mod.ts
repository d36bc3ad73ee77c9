/**
 * The enrich job: looks items up at Spotify (tracks, albums, artists) and MusicBrainz (artists, areas), most
 * listened first, and caches every answer forever in raw tables. The two services run side by side, each at its
 * own pace; the warehouse is shared through a lock, and the network is never waited on while holding it. Every
 * answer is landed on its own, so a killed run loses at most the request in flight and the next run resumes
 * where this one stopped. The enrichment marts are refreshed after each batch of answers and at the end.
 */
import type { MusicBrainzConfig, SpotifyConfig } from "../../config.ts";
import type { Logger } from "../../log.ts";
import type { Warehouse } from "../../warehouse/duckdb.ts";
import {
  type EnrichmentCoverage,
  enrichmentCoverage,
  recordPending,
} from "../../warehouse/state/enrichment.ts";
import { readSql } from "../../warehouse/sql_files.ts";
import type { Job } from "../jobs/runner.ts";
import { type BatchOptions, EnrichContext, type LaneResult } from "./context.ts";

export type { LaneResult };
import { MusicBrainzClient, type MusicBrainzClientOptions } from "../musicbrainz/client.ts";
import { enrichFromMusicBrainz } from "../musicbrainz/artists.ts";
import type { GetOptions } from "../spotify/api.ts";
import { enrichFromSpotify, spotifyUser } from "../spotify/metadata.ts";

export interface EnrichOptions extends BatchOptions {
  spotify?: SpotifyConfig;
  musicbrainz: MusicBrainzConfig;
  /** For tests: Spotify call options (fake sleep) and the MusicBrainz pace. */
  spotifyApi?: GetOptions;
  musicbrainzClient?: MusicBrainzClientOptions;
}

export function enrichJob(options: EnrichOptions): Job {
  return {
    name: "enrich",
    async run({ warehouse, logger }) {
      const { spotify, musicbrainz } = await enrich(warehouse, logger, options);
      return { ...laneCounts("spotify", spotify), ...laneCounts("musicbrainz", musicbrainz) };
    },
  };
}

/** A lane's result as flat counts for the job's history: `spotify_answers`, `spotify_stopped` … */
export function laneCounts(lane: string, result: LaneResult): Record<string, string | number> {
  return Object.fromEntries(Object.entries(result).map(([key, value]) => [`${lane}_${key}`, value]));
}

export interface EnrichResult {
  spotify: LaneResult;
  musicbrainz: LaneResult;
  coverage: EnrichmentCoverage;
}

export async function enrich(
  warehouse: Warehouse,
  logger: Logger,
  options: EnrichOptions,
): Promise<EnrichResult> {
  const context = new EnrichContext(warehouse, logger, options);
  // Also creates the staging views the queues read.
  await context.refresh();
  const user = options.spotify ? await spotifyUser(warehouse) : undefined;
  let spotifyRunning = Boolean(options.spotify && user);
  const spotifyLane: Promise<LaneResult> = options.spotify && user
    ? enrichFromSpotify(context, options.spotify, user, options.spotifyApi)
      .finally(() => spotifyRunning = false)
    : Promise.resolve({
      answers: 0,
      unknown: 0,
      failed: 0,
      stopped: options.spotify ? "no Spotify account is connected" : "no Spotify app is configured",
    });
  const contact = options.musicbrainz.contact;
  const musicbrainzLane: Promise<LaneResult> = contact
    ? enrichFromMusicBrainz(
      context,
      new MusicBrainzClient({ ...options.musicbrainz, contact }, options.musicbrainzClient),
      { spotifyPending: Boolean(options.spotify && user), spotifyRunning: () => spotifyRunning },
    )
    : Promise.resolve({
      answers: 0,
      unknown: 0,
      failed: 0,
      stopped: "MUSICBRAINZ_CONTACT is not set (MusicBrainz requires a contact in the User-Agent)",
    });
  // Both lanes end before the run does, even when one fails: the other stops at its next item, and must not
  // outlive the job's connection.
  const stopOnFailure = (lane: Promise<LaneResult>) =>
    lane.catch((error) => {
      context.stop();
      throw error;
    });
  const [spotifySettled, musicbrainzSettled] = await Promise.allSettled([
    stopOnFailure(spotifyLane),
    stopOnFailure(musicbrainzLane),
  ]);
  if (spotifySettled.status === "rejected") throw spotifySettled.reason;
  if (musicbrainzSettled.status === "rejected") throw musicbrainzSettled.reason;
  const [spotify, musicbrainz] = [spotifySettled.value, musicbrainzSettled.value];
  await context.refresh();
  await countPending(warehouse);
  return { spotify, musicbrainz, coverage: await enrichmentCoverage(warehouse) };
}

/**
 * Counts what is left to look up and records it for enrichmentCoverage() (the queues need the staging views of
 * an enrichment session, which pages do not have).
 */
async function countPending(warehouse: Warehouse): Promise<void> {
  const never = new Date(0).toISOString();
  const spotify = await warehouse.value<number>(
    `select count(*) from (${await readSql("queues/spotify_items.sql")})`,
    [Number.MAX_SAFE_INTEGER, never],
  );
  const musicbrainz = await warehouse.value<number>(
    `select count(*) from (${await readSql("queues/musicbrainz_artists.sql")})`,
    [Number.MAX_SAFE_INTEGER, never, false],
  );
  await recordPending(warehouse, { spotify, musicbrainz });
}
