/**
 * The Spotify part of enrichment: one GET per track, album and artist (Spotify removed the batch endpoints in
 * 2026), most listened first, each answer landed in raw_spotify_item and never asked for again. Unknown ids (404,
 * or 400 for an id Spotify cannot read) are landed as unknown. A rate limit or the daily quota stops this part of
 * the run (MusicBrainz goes on); other failures are recorded and retried in a later run.
 */
import type { SpotifyConfig } from "../../config.ts";
import type { Warehouse } from "../../warehouse/duckdb.ts";
import { readSql } from "../../warehouse/sql_files.ts";
import { clearFailure } from "../../warehouse/state/enrichment.ts";
import type { EnrichContext, LaneResult } from "../enrich/context.ts";
import { getJson, type GetOptions, QuotaExceeded, RateLimited, SpotifyApiError } from "./api.ts";
import { accessToken } from "./connections.ts";
import { listConnections } from "../../warehouse/state/spotify_connections.ts";
import { ReconnectNeeded } from "./oauth.ts";

/** Items asked for per queue query. */
const BATCH = 25;

/** Whose token looks items up: the first connected user (any user's token reads the catalogue). */
export async function spotifyUser(warehouse: Warehouse): Promise<string | undefined> {
  const connections = await listConnections(warehouse);
  return connections.find((connection) => connection.status === "connected")?.userName;
}

export async function enrichFromSpotify(
  context: EnrichContext,
  config: SpotifyConfig,
  user: string,
  api: GetOptions = {},
): Promise<LaneResult> {
  const result: LaneResult = { answers: 0, unknown: 0, failed: 0 };
  const queue = await readSql("queues/spotify_items.sql");
  while (!context.timeIsUp) {
    const items = await context.db((warehouse) =>
      warehouse.rows<{ kind: "track" | "album" | "artist"; spotify_id: string }>(
        queue,
        [BATCH, context.startedAt.toISOString()],
      )
    );
    if (items.length === 0) break;
    for (const item of items) {
      if (context.timeIsUp) break;
      let answer: { status: number; body: unknown };
      try {
        const token = await context.db((warehouse) => accessToken(warehouse, config, user));
        answer = {
          status: 200,
          body: await getJson(config, token, `/v1/${item.kind}s/${item.spotify_id}`, api),
        };
      } catch (error) {
        if (error instanceof SpotifyApiError && (error.status === 404 || error.status === 400)) {
          answer = { status: error.status, body: null };
        } else if (
          error instanceof RateLimited || error instanceof QuotaExceeded || error instanceof ReconnectNeeded
        ) {
          result.stopped = (error as Error).message;
          await context.recordFailure("spotify", `${item.kind}:${item.spotify_id}`, error as Error);
          context.logger.warn("stopped asking Spotify", { reason: result.stopped });
          return result;
        } else {
          result.failed++;
          await context.recordFailure("spotify", `${item.kind}:${item.spotify_id}`, error as Error);
          context.logger.warn("lookup failed", {
            item: `${item.kind}:${item.spotify_id}`,
            error: String(error),
          });
          continue;
        }
      }
      await context.db(async (warehouse) => {
        await warehouse.run(
          "insert or replace into raw_spotify_item values ($1, $2, now(), $3, $4::json)",
          [
            item.kind,
            item.spotify_id,
            answer.status,
            answer.body === null ? null : JSON.stringify(answer.body),
          ],
        );
        await clearFailure(warehouse, "spotify", `${item.kind}:${item.spotify_id}`);
      });
      result.answers++;
      if (answer.status !== 200) result.unknown++;
      await context.landed();
    }
  }
  return result;
}
