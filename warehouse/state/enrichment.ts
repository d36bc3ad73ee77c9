/**
 * How far enrichment has come: lookups that failed and wait for a later run (`enrich_failure`, the one module
 * that reads or writes it), what was left when a run ended (the `enrich_pending` state), and the share of
 * listening time enrichment has placed. The enrichment job writes; `enrich --status`, Jobs and `/api/enrichment`
 * read.
 */
import type { Warehouse } from "../duckdb.ts";
import { select, selectRow } from "../select.ts";
import { readState, writeState } from "./warehouse_state.ts";
import coverageSql from "../../sql/reports/enrichment_coverage.sql" with { type: "text" };

export type EnrichService = "spotify" | "musicbrainz";

export interface EnrichmentCoverage {
  /** Share of music listening time (0–1) whose artist has a genre, an origin country; whose track has a duration. */
  withGenre: number;
  withOrigin: number;
  withDuration: number;
  /** Lookups still to do when the last enrichment run ended (null before the first run). */
  pendingSpotify: number | null;
  pendingMusicBrainz: number | null;
  lastRunAt: Date | null;
  /** The most recent failed lookup that is still to be retried. */
  lastError: { service: string; error: string; at: Date } | null;
}

/** Records a failed lookup, to be retried in a later run after the rest of the queue. */
export async function recordFailure(
  warehouse: Warehouse,
  { service, request, error }: { service: EnrichService; request: string; error: string },
): Promise<void> {
  await warehouse.run(
    `insert into enrich_failure values ($1, $2, 1, $3, now())
     on conflict do update set attempts = attempts + 1, last_error = excluded.last_error,
     failed_at = excluded.failed_at`,
    [service, request, error.slice(0, 500)],
  );
}

/** A lookup that failed before has an answer now. */
export async function clearFailure(
  warehouse: Warehouse,
  service: EnrichService,
  request: string,
): Promise<void> {
  await warehouse.run("delete from enrich_failure where service = $1 and request = $2", [service, request]);
}

/** What is left to look up, recorded when a run ends. */
export async function recordPending(
  warehouse: Warehouse,
  { spotify, musicbrainz, at = new Date() }: { spotify: number; musicbrainz: number; at?: Date },
): Promise<void> {
  await writeState(
    warehouse,
    "enrich_pending",
    JSON.stringify({ spotify, musicbrainz, at: at.toISOString() }),
  );
}

/** How far enrichment has come: for `enrich --status` and the Jobs page. */
export async function enrichmentCoverage(warehouse: Warehouse): Promise<EnrichmentCoverage> {
  const shares = await selectRow<{ withGenre: number; withOrigin: number; withDuration: number }>(
    warehouse,
    coverageSql,
  );
  const recorded = await readState(warehouse, "enrich_pending");
  const pending = recorded ? JSON.parse(recorded) : null;
  const failure = await selectRow<{ service: string; lastError: string; failedAt: Date }>(
    warehouse,
    "select service, last_error, failed_at from enrich_failure order by failed_at desc limit 1",
  );
  return {
    withGenre: shares?.withGenre ?? 0,
    withOrigin: shares?.withOrigin ?? 0,
    withDuration: shares?.withDuration ?? 0,
    pendingSpotify: pending?.spotify ?? null,
    pendingMusicBrainz: pending?.musicbrainz ?? null,
    lastRunAt: pending?.at ? new Date(pending.at) : null,
    lastError: failure ? { service: failure.service, error: failure.lastError, at: failure.failedAt } : null,
  };
}

/** Failed lookups waiting to be retried, per service, for /metrics. */
export async function failureCounts(warehouse: Warehouse): Promise<{ service: string; failures: number }[]> {
  return await select(
    warehouse,
    "select service, count(*) as failures from enrich_failure group by 1 order by 1",
  );
}
