/**
 * Notices a stalled Spotify poll. In multi-scrobbler #65 polling stopped for half a month before anyone noticed;
 * plays older than a day are then lost for good. Every few minutes, on a timer of its own (not Deno.cron: a
 * stopped scheduler must not also stop its watchdog), this looks at the latest successful ingest run: when three
 * polls of INGEST_CRON in a row were due without one succeeding while an account is connected, the stall is
 * recorded as a problem of the ingest job and one notice goes to NOTIFY_URL. The next successful poll clears the
 * problem (the job runner clears a job's problems when it succeeds), so a later stall is news again.
 * Cost: one timer and three small queries every five minutes.
 */
import { parseCron } from "../../lib/cron.ts";
import type { Logger } from "../../log.ts";
import type { Warehouse } from "../../warehouse/duckdb.ts";
import { lastSuccesses, recordProblem } from "../../warehouse/state/job_runs.ts";
import { spotifyStatus } from "../../warehouse/state/spotify_connections.ts";
import type { Notice } from "./notify.ts";

/** Polls in a row that may be missed before it is a stall. */
export const MISSED_POLLS = 3;

/** The problem recorded (its text is its key: recorded once until a poll succeeds). */
export const STALL_PROBLEM =
  `no Spotify poll succeeded ${MISSED_POLLS} times in a row while an account is connected`;

/**
 * When polling stalled: the time of the latest successful poll (or of the first connection, if none ever
 * succeeded), when that is before the third-latest poll that was due; undefined while polling is fine or no
 * account is connected.
 */
export async function ingestStall(
  warehouse: Warehouse,
  { schedule, now }: { schedule: string; now: Date },
): Promise<{ since: Date } | undefined> {
  const connected = (await spotifyStatus(warehouse)).connections.filter((c) => c.status === "connected");
  if (connected.length === 0) return undefined;
  const cron = parseCron(schedule);
  let due: Date | undefined = now;
  for (let i = 0; i < MISSED_POLLS && due; i++) {
    due = cron.previous(new Date(due.getTime() - (i ? 60_000 : 0)));
  }
  if (!due) return undefined;
  const since = (await lastSuccesses(warehouse)).get("ingest") ??
    new Date(Math.min(...connected.map((c) => c.connectedAt.getTime())));
  return since < due ? { since } : undefined;
}

export interface IngestWatchOptions {
  /** A session on the user's warehouse, or undefined while only the demo exists. */
  session: () => Promise<Warehouse | undefined>;
  /** INGEST_CRON while Spotify is configured, else undefined (nothing is polled, nothing can stall). */
  schedule: () => string | undefined;
  notify?: (notice: Notice) => Promise<void>;
  logger: Logger;
  now?: () => Date;
  /** How often to look. Default 5 minutes. */
  everyMs?: number;
}

export class IngestWatch {
  #options: IngestWatchOptions;
  #timer: ReturnType<typeof setInterval> | undefined;
  #stalled = false;

  constructor(options: IngestWatchOptions) {
    this.#options = options;
  }

  /** Whether the latest look found a stall (what /metrics reports). */
  get stalled(): boolean {
    return this.#stalled;
  }

  /** Looks every `everyMs`, first after one interval (the start-up's catch-up poll runs meanwhile). */
  start(): void {
    this.#timer = setInterval(() => {
      this.check().catch((error) =>
        this.#options.logger.warn("the stall check failed", { error: String(error) })
      );
    }, this.#options.everyMs ?? 5 * 60_000);
    Deno.unrefTimer(this.#timer);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Looks once: records a new stall and sends its one notice. Returns whether polling is stalled. */
  async check(): Promise<boolean> {
    const { session, schedule, notify, logger, now = () => new Date() } = this.#options;
    const cron = schedule();
    const warehouse = cron ? await session() : undefined;
    if (!cron || !warehouse) return this.#stalled = false;
    try {
      const stall = await ingestStall(warehouse, { schedule: cron, now: now() });
      this.#stalled = stall !== undefined;
      if (stall && await recordProblem(warehouse, "ingest", STALL_PROBLEM)) {
        const message = `Spotify polling has stalled: no poll succeeded since ${stall.since.toISOString()} ` +
          `(${MISSED_POLLS} polls of INGEST_CRON "${cron}" were due). Spotify keeps only the last ~24 hours and ` +
          "50 tracks of recently played: see the Jobs page, and import your extended history to fill the gap.";
        logger.warn("ingest stalled", { since: stall.since.toISOString() });
        await notify?.({ title: "Music Tracker: ingest stalled", message, job: "ingest", status: "stalled" })
          .catch((error) => logger.warn("could not send the notice", { error: String(error) }));
      }
      return this.#stalled;
    } finally {
      warehouse.close();
    }
  }
}
