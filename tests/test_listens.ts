/**
 * Shared setup for the received-listens tests: the web app on a fresh warehouse with the real intake (landing,
 * the listens job on a job runner, tokens) and a now-playing board, and the ListenBrainz reference payloads
 * (../shared/reference/listenbrainz/, read where they are, never copied).
 */
import { join } from "node:path";
import { existsSync } from "node:fs";
import { Logger } from "../log.ts";
import { NowPlayingBoard } from "../lib/now_playing.ts";
import type { Warehouse } from "../warehouse/duckdb.ts";
import { createToken } from "../warehouse/state/listen_tokens.ts";
import { JobRunner } from "../pipeline/jobs/runner.ts";
import { ListenIntake } from "../pipeline/listenbrainz/intake.ts";
import { type AppOptions, createApp } from "../web/app.tsx";
import { UTC_SETTINGS, withWarehouse } from "./test_warehouse.ts";

/** The reference folder beside the project's checkout (`../shared/reference/listenbrainz`). */
export const REFERENCE = new URL("../../shared/reference/listenbrainz/", import.meta.url).pathname;
export const HAS_REFERENCE = existsSync(join(REFERENCE, "payloads"));

/** A reference payload as the client sends it (its exact bytes). */
export function payload(name: string): string {
  return Deno.readTextFileSync(join(REFERENCE, "payloads", `${name}.json`));
}

/** A reference response, parsed. */
export function reference(name: string): unknown {
  return JSON.parse(Deno.readTextFileSync(join(REFERENCE, "responses", `${name}.json`)));
}

/** The server's clock in these tests: after every reference payload's listened_at (Feb 2026). */
export const NOW = new Date("2026-03-01T12:00:00Z");

export interface ListenHarness {
  app: ReturnType<typeof createApp>;
  warehouse: Warehouse;
  intake: ListenIntake;
  board: NowPlayingBoard;
  /** A token for "rob" made before the test. */
  token: string;
}

export async function withListenApp(
  fn: (harness: ListenHarness) => Promise<void>,
  options: Partial<AppOptions> = {},
): Promise<void> {
  await withWarehouse(async (warehouse) => {
    const logger = new Logger({ write: () => {}, format: "json" });
    const runner = new JobRunner({ session: () => warehouse.session(), logger, retries: 0 });
    const intake = new ListenIntake({
      real: () => Promise.resolve(warehouse),
      current: () => Promise.resolve(warehouse),
      runner,
      settings: UTC_SETTINGS,
      logger,
    });
    const board = new NowPlayingBoard({ now: () => NOW });
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
      now: () => NOW,
      listens: intake,
      nowPlaying: board,
      ...options,
    });
    const { token } = await createToken(warehouse, "rob");
    try {
      await fn({ app, warehouse, intake, board, token });
      await intake.settled();
    } finally {
      intake.close();
    }
  });
}

/** Every received listen's play: who, which client, when it started (Unix s), how long, what. */
export async function listenPlays(warehouse: Warehouse) {
  return await warehouse.rows(
    `select dim_user.user_name as user, fct_play.source, fct_play.client,
       floor(epoch(fct_play.played_at - to_milliseconds(fct_play.ms_played)))::bigint as listened_at,
       fct_play.ms_played, dim_artist.artist_name as artist, dim_track.track_name as track,
       dim_album.album_name as album
     from fct_play join dim_user using (user_key) join dim_track using (track_key)
     join dim_artist on dim_artist.artist_key = fct_play.artist_key
     left join dim_album on dim_album.album_key = fct_play.album_key
     order by listened_at, track`,
  );
}
