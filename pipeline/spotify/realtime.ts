/**
 * Now playing from Spotify (REALTIME_POLL_SECONDS, off by default): every N seconds, for each connected account,
 * `GET /v1/me/player/currently-playing?additional_types=episode`. What plays goes on the now-playing board (it
 * is not a play). An item recently-played never reports (a podcast episode, a local file) becomes a play when it
 * ends: when another item shows, the same one starts over, or nothing plays; it lands raw as last seen
 * (raw_spotify_currently_playing: its progress then, a little less than it played, so marked estimated) and
 * joins the marts through appendPlays on the job runner. Catalogue tracks are left to recently-played.
 * Cost: one request per account per poll (Settings shows it per day); a 429 pauses that account for its
 * Retry-After; a consent without `user-read-currently-playing` (Spotify's 403) is skipped until the account
 * connects again. Memory: one last answer per account, and the plays waiting for their turn on the runner.
 */
import type { SpotifyConfig } from "../../config.ts";
import type { Logger } from "../../log.ts";
import type { NowPlayingBoard } from "../../lib/now_playing.ts";
import { Rerun } from "../../lib/rerun.ts";
import { appendPlays, currentlyPlaying } from "../../warehouse/append.ts";
import type { BuildSettings } from "../../warehouse/build.ts";
import type { Warehouse } from "../../warehouse/duckdb.ts";
import { listConnections } from "../../warehouse/state/spotify_connections.ts";
import type { Job, JobRunner } from "../jobs/runner.ts";
import { accessToken } from "./connections.ts";

export interface RealtimeOptions {
  config: SpotifyConfig;
  settings: BuildSettings;
  board: NowPlayingBoard;
  runner: JobRunner;
  /** The user's own warehouse when it is the one open, else undefined (demo data: nothing to poll). */
  current: () => Promise<Warehouse | undefined>;
  logger: Logger;
  pollSeconds: number;
  now?: () => Date;
}

/** What currently-playing answers (the parts used). */
interface CurrentlyPlaying {
  is_playing?: boolean;
  progress_ms?: number | null;
  item?: {
    type?: string;
    uri?: string;
    name?: string;
    is_local?: boolean;
    duration_ms?: number;
    artists?: { name?: string }[];
    album?: { name?: string };
    show?: { name?: string };
  } | null;
}

interface Seen {
  key: string;
  /** Recently-played reports catalogue tracks; only the others become plays here. */
  becomesPlay: boolean;
  progressMs: number;
  lastSeenAt: Date;
  answer: CurrentlyPlaying;
}

/** A play waiting for its turn on the job runner. */
interface Ended {
  user: string;
  lastSeenAt: Date;
  msPlayed: number;
  answer: CurrentlyPlaying;
}

/** An item whose progress drops by more than this started over (repeat one): the first time ended. */
const STARTED_OVER_MS = 30_000;
/** Plays kept waiting while the runner is busy, at most (a long ETL); the oldest go first beyond. */
const MAX_WAITING = 1000;

export class RealtimePoller {
  #options: RealtimeOptions;
  #seen = new Map<string, Seen>();
  #pausedUntil = new Map<string, number>();
  #noConsent = new Set<string>();
  #waiting: Ended[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;
  #polling = false;
  #landing = new Rerun(async () => {
    const result = await this.#options.runner.run(this.#landJob(), "schedule");
    return result.status !== "failed";
  });

  constructor(options: RealtimeOptions) {
    this.#options = options;
  }

  start(): void {
    this.#timer ??= setInterval(() => {
      this.poll().catch((error) =>
        this.#options.logger.warn("now-playing poll failed", { error: String(error) })
      );
    }, this.#options.pollSeconds * 1000);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Accounts whose consent does not cover currently-playing (they must connect again). */
  get withoutConsent(): string[] {
    return [...this.#noConsent].sort();
  }

  /** Resolves when every ended play seen so far is in the marts (or its run failed and was recorded). */
  async settled(): Promise<void> {
    await this.#landing.settled();
  }

  /** One round: each connected account asked once. Rounds never overlap. */
  async poll(): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      const warehouse = await this.#options.current();
      if (!warehouse) return;
      for (const connection of await listConnections(warehouse)) {
        const user = connection.userName;
        const now = this.#now();
        if (connection.status !== "connected" || this.#noConsent.has(user)) continue;
        if ((this.#pausedUntil.get(user) ?? 0) > now.getTime()) continue;
        try {
          const answer = await this.#ask(warehouse, user);
          if (answer !== "skip") this.#observe(user, answer, now);
        } catch (error) {
          this.#options.logger.warn("now-playing poll failed", { user, error: String(error) });
        }
      }
    } finally {
      this.#polling = false;
    }
  }

  async #ask(warehouse: Warehouse, user: string): Promise<CurrentlyPlaying | null | "skip"> {
    const { config, logger } = this.#options;
    const token = await accessToken(warehouse, config, user);
    const response = await fetch(
      `${config.apiBaseUrl}/v1/me/player/currently-playing?additional_types=episode`,
      {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(15_000),
      },
    );
    if (response.status === 204) return null;
    if (response.ok) return await response.json() as CurrentlyPlaying;
    await response.body?.cancel();
    if (response.status === 429) {
      const seconds = Number(response.headers.get("retry-after") ?? "60");
      this.#pausedUntil.set(user, this.#now().getTime() + (Number.isFinite(seconds) ? seconds : 60) * 1000);
      logger.warn("now-playing polling paused: Spotify rate-limited it", { user, seconds });
    } else if (response.status === 403) {
      this.#noConsent.add(user);
      logger.warn("now playing needs the account connected again (user-read-currently-playing)", { user });
    } else {
      logger.warn("now-playing poll refused", { user, status: response.status });
    }
    return "skip";
  }

  #observe(user: string, answer: CurrentlyPlaying | null, now: Date): void {
    const item = answer?.item ?? undefined;
    const previous = this.#seen.get(user);
    const key = item ? item.uri ?? `local:${item.name}` : undefined;
    const progress = answer?.progress_ms ?? 0;
    if (previous && (key !== previous.key || progress + STARTED_OVER_MS < previous.progressMs)) {
      this.#seen.delete(user);
      if (previous.becomesPlay && previous.progressMs > 0) {
        this.#end({
          user,
          lastSeenAt: previous.lastSeenAt,
          msPlayed: previous.progressMs,
          answer: previous.answer,
        });
      }
    }
    if (!item || !key || !answer) {
      this.#options.board.clear(user, "spotify");
      return;
    }
    const becomesPlay = item.type === "episode" || item.is_local === true;
    // Paused, it has not ended: it is kept as last seen playing.
    if (answer.is_playing || !this.#seen.has(user)) {
      this.#seen.set(user, { key, becomesPlay, progressMs: progress, lastSeenAt: now, answer });
    }
    if (!answer.is_playing) {
      this.#options.board.clear(user, "spotify");
      return;
    }
    this.#options.board.report({
      user,
      artist: (item.type === "episode" ? item.show?.name : item.artists?.[0]?.name) ?? "",
      track: item.name ?? "",
      album: item.type === "episode" ? undefined : item.album?.name,
      client: "Spotify",
      durationMs: item.duration_ms,
      source: "spotify",
    }, { expiresInMs: this.#options.pollSeconds * 3000 });
  }

  #end(ended: Ended): void {
    this.#waiting.push(ended);
    if (this.#waiting.length > MAX_WAITING) this.#waiting.shift();
    this.#landing.ask();
  }

  /** Lands the plays that ended, each raw and into the marts in one transaction. */
  #landJob(): Job {
    return {
      name: "currently-playing",
      quiet: true,
      run: async ({ warehouse }) => {
        let plays = 0;
        while (this.#waiting.length > 0) {
          const ended = this.#waiting[0];
          plays += await warehouse.transaction(async () => {
            const id = await warehouse.value<number>("select nextval('raw_currently_playing_id_seq')");
            await warehouse.run(
              "insert into raw_spotify_currently_playing values ($1, $2, $3, $4, $5)",
              [id, ended.user, ended.lastSeenAt.toISOString(), ended.msPlayed, JSON.stringify(ended.answer)],
            );
            return (await appendPlays(warehouse, this.#options.settings, currentlyPlaying(id))).added;
          });
          this.#waiting.shift();
        }
        return { plays };
      },
    };
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }
}
