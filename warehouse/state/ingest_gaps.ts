/**
 * Stretches of time in which plays may be missing (`ingest_gap`): a recently-played poll found a full page of
 * new plays, so older ones may have fallen off. The ingest job records them; Settings and Jobs list them.
 */
import type { Warehouse } from "../duckdb.ts";
import { select } from "../select.ts";

export interface IngestGap {
  userName: string;
  from: Date | null;
  to: Date;
  foundAt: Date;
}

/** Records that `user`'s plays between `fromMs` (the cursor; null before the first poll) and `toMs` may be lost. */
export async function recordGap(
  warehouse: Warehouse,
  user: string,
  { fromMs, toMs }: { fromMs: number | null; toMs: number },
): Promise<void> {
  await warehouse.run(
    "insert into ingest_gap values ($1, epoch_ms($2::bigint), epoch_ms($3::bigint), now())",
    [user, fromMs, toMs],
  );
}

/** The latest gaps found, newest first. */
export async function recentGaps(
  warehouse: Warehouse,
  { limit = 20 }: { limit?: number } = {},
): Promise<IngestGap[]> {
  return await select<IngestGap>(
    warehouse,
    `select user_name, gap_from as "from", gap_to as "to", found_at from ingest_gap
     order by found_at desc limit $1`,
    [limit],
  );
}

/** How many gaps each listener has had, for /metrics. */
export async function gapCounts(warehouse: Warehouse): Promise<{ userName: string; gaps: number }[]> {
  return await select(warehouse, "select user_name, count(*) as gaps from ingest_gap group by 1 order by 1");
}
