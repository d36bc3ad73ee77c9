/**
 * The ingest job: for every connected user, poll recently-played after the stored cursor, land each response raw,
 * add its new plays to the marts incrementally, record a gap when a poll may have missed plays, and advance the
 * cursor, all in one transaction per response (a kill never loses or doubles a play). Rate limits pause a user's
 * polling instead of failing every run; a refused token marks the connection "needs reconnect".
 */
import type { SpotifyConfig } from "../../config.ts";
import type { Warehouse } from "../../warehouse/duckdb.ts";
import { appendPlays, recentlyPlayed } from "../../warehouse/append.ts";
import type { BuildSettings } from "../../warehouse/build.ts";
import type { Job } from "../jobs/runner.ts";
import { accessToken } from "./connections.ts";
import {
  advancePollCursor,
  listConnections,
  pausePolling,
  pollCursor,
} from "../../warehouse/state/spotify_connections.ts";
import { recordGap } from "../../warehouse/state/ingest_gaps.ts";
import { getJson, type GetOptions, QuotaExceeded, RateLimited } from "./api.ts";
import { ReconnectNeeded } from "./oauth.ts";

/** recently-played's page size limit; a full page of new plays means older ones may be gone. */
const PAGE = 50;
/** Pages per user per run: 50 plays each, far beyond anyone's listening in 30 minutes. */
const MAX_PAGES = 10;

interface RecentlyPlayed {
  items: { played_at: string; track: { uri: string } | null }[];
}

export interface IngestOptions {
  /** Passed to every API call (tests set a fake sleep). */
  api?: GetOptions;
  now?: () => Date;
}

export function ingestJob(config: SpotifyConfig, settings: BuildSettings, options: IngestOptions = {}): Job {
  return {
    name: "ingest",
    async run({ warehouse, logger, alert }) {
      const now = options.now ?? (() => new Date());
      const totals = { users: 0, newPlays: 0, gaps: 0, paused: 0 };
      const problems: string[] = [];
      for (const connection of await listConnections(warehouse)) {
        if (connection.status !== "connected") {
          problems.push(`${connection.userName}: needs to connect Spotify again`);
          continue;
        }
        if (connection.pausedUntil && connection.pausedUntil > now()) {
          totals.paused++;
          logger.info("paused", { user: connection.userName, until: connection.pausedUntil.toISOString() });
          continue;
        }
        totals.users++;
        try {
          const added = await ingestUser(warehouse, config, settings, connection.userName, options);
          totals.newPlays += added.newPlays;
          totals.gaps += added.gaps.length;
          for (const gap of added.gaps) {
            await alert(
              `${connection.userName}: plays between ${gap.from.toISOString()} and ${gap.to.toISOString()} may ` +
                "be missing (more than 50 plays since the last poll). Import your Extended Streaming History " +
                "to fill the gap.",
            );
          }
        } catch (error) {
          const message = (error as Error).message;
          if (error instanceof RateLimited || error instanceof QuotaExceeded) {
            const until = error instanceof QuotaExceeded
              ? nextUtcMidnight(now())
              : new Date(now().getTime() + error.retryAfterSeconds * 1000);
            await pausePolling(warehouse, connection.userName, { until, reason: message });
            totals.paused++;
            logger.warn("paused polling", {
              user: connection.userName,
              until: until.toISOString(),
              reason: message,
            });
          } else if (error instanceof ReconnectNeeded) {
            problems.push(`${connection.userName}: ${message}`);
          } else {
            throw error;
          }
        }
      }
      // A refused token is a problem to report (and notify once), after the other users were served.
      if (problems.length > 0) throw new Error(problems.join("; "));
      return totals;
    },
  };
}

async function ingestUser(
  warehouse: Warehouse,
  config: SpotifyConfig,
  settings: BuildSettings,
  user: string,
  options: IngestOptions,
): Promise<{ newPlays: number; gaps: { from: Date; to: Date }[] }> {
  let newPlays = 0;
  const gaps: { from: Date; to: Date }[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const token = await accessToken(warehouse, config, user);
    const cursor = await pollCursor(warehouse, user);
    const query = `limit=${PAGE}${cursor !== null ? `&after=${cursor}` : ""}`;
    const response = await getJson<RecentlyPlayed>(
      config,
      token,
      `/v1/me/player/recently-played?${query}`,
      options.api,
    );
    const playedAt = response.items.map((item) => Date.parse(item.played_at)).filter(Number.isFinite);
    const newest = playedAt.length ? Math.max(...playedAt) : null;
    const oldest = playedAt.length ? Math.min(...playedAt) : null;
    const gap = cursor !== null && response.items.length >= PAGE && oldest !== null && oldest > cursor;
    await warehouse.transaction(async () => {
      const ingestId = await warehouse.value<number>("select nextval('raw_ingest_id_seq')");
      await warehouse.run(
        "insert into raw_spotify_recently_played values ($1, $2, now(), $3, $4)",
        [ingestId, user, cursor, JSON.stringify(response)],
      );
      // An empty answer (nothing played since, or the page after a full one) is kept, and adds nothing.
      if (response.items.length > 0) {
        newPlays += (await appendPlays(warehouse, settings, recentlyPlayed(ingestId))).added;
      }
      if (gap) {
        await recordGap(warehouse, user, { fromMs: cursor, toMs: oldest! });
        gaps.push({ from: new Date(cursor!), to: new Date(oldest!) });
      }
      await advancePollCursor(warehouse, user, newest);
    });
    if (response.items.length < PAGE) break;
  }
  return { newPlays, gaps };
}

function nextUtcMidnight(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1));
}
