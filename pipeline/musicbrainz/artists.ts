/**
 * The MusicBrainz part of enrichment: each artist, most listened first, is matched to a MusicBrainz artist, then
 * looked up with its genres, and its areas are walked up to a country. Every answer is cached in raw_musicbrainz
 * (a cached request is never sent again) and the match is recorded in enrich_artist_match.
 *
 * How an artist is matched, most trusted first (README, "How artists are matched"):
 * 0. the MusicBrainz id a player sent with a listen naming that one artist (players tag from MusicBrainz): taken
 *    as it is;
 * 1. its Spotify artist id, through MusicBrainz's link to `https://open.spotify.com/artist/<id>`: exactly one
 *    artist must be linked;
 * 2. the ISRC of its most listened track: one artist credited on those recordings must carry the same compared
 *    name (NFC, trimmed, lower-cased);
 * 3. a name search: exactly one result with a score of at least 90 and the same compared name. Two artists with
 *    that name (there are several "Nirvana"s) leave it unmatched rather than guessed.
 */
import type { EnrichContext, LaneResult } from "../enrich/context.ts";
import { TransientError } from "../jobs/runner.ts";
import { readSql } from "../../warehouse/sql_files.ts";
import { clearFailure } from "../../warehouse/state/enrichment.ts";
import type { MusicBrainzAnswer, MusicBrainzClient } from "./client.ts";

/** Artists asked for per queue query. */
const BATCH = 10;
/** Area steps walked up from a city at most (city → county → subdivision → country is three). */
const MAX_AREA_STEPS = 6;
/** Consecutive artists failing for a transient reason before the service is taken to be down for this run. */
const MAX_TRANSIENT_IN_A_ROW = 3;

type QueuedArtist = {
  artist_name: string;
  artist_name_compared: string;
  spotify_artist_id: string | null;
  isrc: string | null;
  listen_mbid: string | null;
};

interface Match {
  mbid: string | null;
  method: "listen mbid" | "spotify url" | "isrc" | "name search" | "none";
}

export interface MusicBrainzLaneOptions {
  /** A Spotify account is connected: artists whose tracks Spotify has not described yet wait for it. */
  spotifyPending: boolean;
  /** True while the Spotify part of the run still goes: an empty queue may then fill up again. */
  spotifyRunning: () => boolean;
}

export async function enrichFromMusicBrainz(
  context: EnrichContext,
  client: MusicBrainzClient,
  { spotifyPending, spotifyRunning }: MusicBrainzLaneOptions,
): Promise<LaneResult> {
  const result: LaneResult = { answers: 0, unknown: 0, failed: 0 };
  const lookups = new Lookups(context, client, result);
  const queue = await readSql("queues/musicbrainz_artists.sql");
  let transientInARow = 0;
  while (!context.timeIsUp) {
    const artists = await context.db((warehouse) =>
      warehouse.rows<QueuedArtist>(queue, [BATCH, context.startedAt.toISOString(), spotifyPending])
    );
    if (artists.length === 0) {
      if (!spotifyRunning()) break;
      // Spotify is still describing tracks: their artists join the queue soon.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    for (const artist of artists) {
      if (context.timeIsUp) break;
      try {
        const match = await matchArtist(artist, lookups, context);
        if (match.mbid) await describeArtist(match.mbid, lookups);
        await context.db(async (warehouse) => {
          await warehouse.run("insert or replace into enrich_artist_match values ($1, $2, $3, now())", [
            artist.artist_name_compared,
            match.mbid,
            match.method,
          ]);
          await clearFailure(warehouse, "musicbrainz", `match:${artist.artist_name_compared}`);
        });
        transientInARow = 0;
        await context.landed();
      } catch (error) {
        result.failed++;
        await context.recordFailure("musicbrainz", `match:${artist.artist_name_compared}`, error as Error);
        context.logger.warn("lookup failed", { artist: artist.artist_name, error: String(error) });
        transientInARow = error instanceof TransientError ? transientInARow + 1 : 0;
        if (transientInARow >= MAX_TRANSIENT_IN_A_ROW) {
          result.stopped = `MusicBrainz is not answering: ${(error as Error).message}`;
          return result;
        }
      }
    }
  }
  return result;
}

async function matchArtist(artist: QueuedArtist, lookups: Lookups, context: EnrichContext): Promise<Match> {
  if (artist.listen_mbid) return { mbid: artist.listen_mbid, method: "listen mbid" };
  if (artist.spotify_artist_id) {
    const answer = await lookups.get(`url:${artist.spotify_artist_id}`, "url", {
      resource: `https://open.spotify.com/artist/${artist.spotify_artist_id}`,
      inc: "artist-rels",
    });
    const linked = new Set(
      relations(answer.body).filter((relation) => relation["target-type"] === "artist")
        .map((relation) => id(relation.artist)).filter((mbid) => mbid !== null),
    );
    if (linked.size === 1) return { mbid: [...linked][0], method: "spotify url" };
  }
  if (artist.isrc && /^[A-Z0-9]{12}$/.test(artist.isrc)) {
    const answer = await lookups.get(`isrc:${artist.isrc}`, `isrc/${artist.isrc}`, { inc: "artist-credits" });
    const credited = new Set<string>();
    for (const recording of list(record(answer.body)?.recordings)) {
      for (const credit of list(record(recording)?.["artist-credit"])) {
        const mbid = id(record(credit)?.artist);
        const names = [record(credit)?.name, record(record(credit)?.artist)?.name];
        for (const name of names) {
          if (
            mbid && typeof name === "string" && await sameName(context, name, artist.artist_name_compared)
          ) {
            credited.add(mbid);
          }
        }
      }
    }
    if (credited.size === 1) return { mbid: [...credited][0], method: "isrc" };
  }
  const phrase = artist.artist_name.replace(/[\\"]/g, "\\$&");
  const answer = await lookups.get(`search:${artist.artist_name_compared}`, "artist", {
    query: `artist:"${phrase}"`,
    limit: "10",
  });
  const exact = new Set<string>();
  for (const candidate of list(record(answer.body)?.artists)) {
    const found = record(candidate);
    const mbid = id(found);
    if (
      mbid && typeof found?.score === "number" && found.score >= 90 && typeof found.name === "string" &&
      await sameName(context, found.name, artist.artist_name_compared)
    ) exact.add(mbid);
  }
  if (exact.size === 1) return { mbid: [...exact][0], method: "name search" };
  return { mbid: null, method: "none" };
}

/** Looks the artist up with its genres, then walks its area and begin-area up to their countries. */
async function describeArtist(mbid: string, lookups: Lookups): Promise<void> {
  const answer = await lookups.get(`artist:${mbid}`, `artist/${mbid}`, { inc: "genres" });
  const artist = record(answer.body);
  if (!artist) return;
  for (const area of [artist.area, artist["begin-area"] ?? artist.begin_area]) {
    let current = record(area);
    for (let step = 0; current && !countryCode(current) && step < MAX_AREA_STEPS; step++) {
      const areaId = id(current);
      if (!areaId) break;
      const fetched = record(
        (await lookups.get(`area:${areaId}`, `area/${areaId}`, { inc: "area-rels" })).body,
      );
      if (!fetched || countryCode(fetched)) break;
      const parent = relations(fetched).find((relation) =>
        relation.type === "part of" && relation.direction === "backward" && record(relation.area)
      );
      current = parent ? record(parent.area) : undefined;
    }
  }
}

/** Cached GETs: an answer already in raw_musicbrainz is read from there; a new one is landed at once. */
class Lookups {
  #context: EnrichContext;
  #client: MusicBrainzClient;
  #result: LaneResult;

  constructor(context: EnrichContext, client: MusicBrainzClient, result: LaneResult) {
    this.#context = context;
    this.#client = client;
    this.#result = result;
  }

  async get(request: string, path: string, params: Record<string, string>): Promise<MusicBrainzAnswer> {
    const [cached] = await this.#context.db((warehouse) =>
      warehouse.rows<{ status: number; response: string | null }>(
        "select status, response::varchar as response from raw_musicbrainz where request = $1",
        [request],
      )
    );
    if (cached) {
      return cached.status === 200
        ? { status: 200, body: JSON.parse(cached.response ?? "null") }
        : { status: 404, body: null };
    }
    const answer = await this.#client.get(path.split("/").map(encodeURIComponent).join("/"), params);
    await this.#context.db((warehouse) =>
      warehouse.run("insert or replace into raw_musicbrainz values ($1, now(), $2, $3::json)", [
        request,
        answer.status,
        answer.body === null ? null : JSON.stringify(answer.body),
      ])
    );
    this.#result.answers++;
    if (answer.status === 404) this.#result.unknown++;
    return answer;
  }
}

/** The same test as the marts' compared_name(): NFC, trimmed of Unicode white space, lower-cased, in DuckDB. */
async function sameName(context: EnrichContext, name: string, compared: string): Promise<boolean> {
  return await context.db((warehouse) =>
    warehouse.value<boolean>("select compared_name($1) = $2", [name, compared])
  ) === true;
}

function countryCode(area: Record<string, unknown>): string | undefined {
  const codes = [area["iso-3166-1-codes"], area["iso-3166-2-codes"]];
  for (const list of codes) {
    if (Array.isArray(list) && typeof list[0] === "string" && list[0].length >= 2) return list[0].slice(0, 2);
  }
  return undefined;
}

function relations(body: unknown): Record<string, unknown>[] {
  return list(record(body)?.relations).map(record).filter((relation) => relation !== undefined);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? value as Record<string, unknown>
    : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function id(value: unknown): string | null {
  const mbid = record(value)?.id;
  return typeof mbid === "string" && /^[0-9a-f-]{36}$/.test(mbid) ? mbid : null;
}
