/**
 * What DuckDB gives a server's pages while no job runs (SERVER_IDLE), and the trim of a quiet server: `quiet` ms
 * (default 30 s) after the last touch, unless `busy()` (a job runs), Warehouse.giveMemoryBack() checkpoints,
 * lowers the memory limit to 1MB (which evicts every block it can) and sets `idleLimit` (default SERVER_IDLE's)
 * again, while the pages' queries wait. Pages then read what they need from disk again.
 */
import { IdleTimer } from "../lib/idle.ts";
import type { Logger } from "../log.ts";
import type { Resources, Warehouse } from "./duckdb.ts";

/**
 * What a server's pages run with while no job runs (the job runner raises it to DUCKDB_MEMORY_LIMIT and
 * DUCKDB_THREADS for each job). Pages need ~10 MB of DuckDB memory at 350k plays. One thread per query: a page
 * starts its queries together and they run side by side on the read connections (DUCKDB_THREADS of them), each on
 * its connection's own thread. On two threads each, every query also made a hash table per thread, and two
 * queries' four threads shared two cores. With main.ts's serve allocator options (which changed with it), A/B
 * runs interleaved on `deno task bench`'s crawl at 350k plays: Review's first load 136-178 -> 68-147 ms, Habits'
 * 108-125 -> 74-121 ms, peak RSS over every page 198-209 -> 190-200 MB (measured 2026-12-06). Three or four read
 * connections instead of two: no faster pages, no less memory.
 */
export const SERVER_IDLE: Resources = { memoryLimit: "64MB", threads: 1 };

export function memoryTrim(
  current: () => Promise<{ warehouse: Warehouse }>,
  { quiet = 30_000, idleLimit = SERVER_IDLE.memoryLimit, busy, logger }: {
    quiet?: number;
    idleLimit?: string;
    busy: () => boolean;
    logger: Logger;
  },
): IdleTimer {
  const trim: IdleTimer = new IdleTimer(quiet, async (): Promise<void> => {
    if (busy()) return trim.touch();
    try {
      const { warehouse } = await current();
      // A job that began while the trim waited for the pages' queries keeps its limit; the trim comes back later.
      if (!(await warehouse.giveMemoryBack(idleLimit, { unless: busy }))) trim.touch();
    } catch (error) {
      logger.warn("giving memory back failed", { error: String(error) });
    }
  });
  return trim;
}
