/**
 * What the two enrichment lanes (Spotify's in pipeline/spotify/metadata.ts, MusicBrainz's in
 * pipeline/musicbrainz/artists.ts) share while a run goes on: the warehouse behind a lock, the deadline, failed
 * lookups, and the marts refreshed after each batch of answers.
 */
import type { Logger } from "../../log.ts";
import type { Warehouse } from "../../warehouse/duckdb.ts";
import { refreshEnrichment } from "../../warehouse/build.ts";
import { recordFailure } from "../../warehouse/state/enrichment.ts";

/** How often the marts follow the answers, and when a run stops starting new lookups. */
export interface BatchOptions {
  /** Stop starting new lookups after this long. Default: no limit (until both queues are empty). */
  maxMs?: number;
  /** Refresh the marts after this many answers … Default 50. */
  batchSize?: number;
  /** … or this long since the last refresh, whichever comes first. Default 30 s. */
  batchMs?: number;
  /** Told after each batch refresh: the marts changed (the server drops its cached pages). */
  onMartsRefreshed?: () => void;
}

/** What one service's part of a run did. */
export interface LaneResult {
  /** Answers landed (including "unknown"). */
  answers: number;
  unknown: number;
  failed: number;
  /** Why the service was not asked, or stopped early. */
  stopped?: string;
}

/** What the lanes share: the warehouse behind a lock, the deadline, and the batch refresh. */
export class EnrichContext {
  readonly startedAt = new Date();
  readonly logger: Logger;
  #warehouse: Warehouse;
  #lock: Promise<unknown> = Promise.resolve();
  #deadline: number;
  #batchSize: number;
  #batchMs: number;
  #sinceRefresh = 0;
  #lastRefresh = Date.now();
  #onMartsRefreshed: () => void;
  #stopped = false;

  constructor(
    warehouse: Warehouse,
    logger: Logger,
    { maxMs = Infinity, batchSize = 50, batchMs = 30_000, onMartsRefreshed = () => {} }: BatchOptions,
  ) {
    this.#onMartsRefreshed = onMartsRefreshed;
    this.#warehouse = warehouse;
    this.logger = logger;
    this.#deadline = Date.now() + maxMs;
    this.#batchSize = batchSize;
    this.#batchMs = batchMs;
  }

  /** True past the deadline, or once a lane failed: the other then stops too. */
  get timeIsUp(): boolean {
    return this.#stopped || Date.now() >= this.#deadline;
  }

  stop(): void {
    this.#stopped = true;
  }

  /** Runs `fn` with the warehouse, alone: the lanes share one connection (and its temp views). */
  db<T>(fn: (warehouse: Warehouse) => Promise<T>): Promise<T> {
    const result = this.#lock.then(() => fn(this.#warehouse));
    this.#lock = result.catch(() => {});
    return result;
  }

  /** Records a failed lookup, to be retried in a later run after the rest of the queue. */
  recordFailure(service: "spotify" | "musicbrainz", request: string, error: Error): Promise<void> {
    return this.db((warehouse) => recordFailure(warehouse, { service, request, error: error.message }));
  }

  /** Called after each answer landed: refreshes the marts once a batch is complete. */
  async landed(): Promise<void> {
    this.#sinceRefresh++;
    if (this.#sinceRefresh >= this.#batchSize || Date.now() - this.#lastRefresh >= this.#batchMs) {
      await this.refresh();
    }
  }

  async refresh(): Promise<void> {
    this.#sinceRefresh = 0;
    this.#lastRefresh = Date.now();
    await this.db((warehouse) => warehouse.transaction(() => refreshEnrichment(warehouse)));
    this.#onMartsRefreshed();
  }
}
