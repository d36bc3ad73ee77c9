/**
 * A quiet server gives back DuckDB's cached blocks: `quiet` ms after the last touch, unless `busy()` (a job
 * runs), what was committed is checkpointed and the memory limit goes down to 1MB (which evicts every block it
 * can) and back to `idleLimit`. Pages then read what they need from disk again.
 */
import { IdleTimer } from "../lib/idle.ts";
import type { Logger } from "../log.ts";
import type { Warehouse } from "./duckdb.ts";

export function memoryTrim(
  current: () => Promise<{ warehouse: Warehouse }>,
  { quiet, idleLimit, busy, logger }: {
    quiet: number;
    idleLimit: string;
    busy: () => boolean;
    logger: Logger;
  },
): IdleTimer {
  const trim: IdleTimer = new IdleTimer(quiet, async (): Promise<void> => {
    if (busy()) return trim.touch();
    try {
      const { warehouse } = await current();
      // Committed writes are evictable only once checkpointed (Warehouse.lowerMemoryLimit says why).
      await warehouse.run("checkpoint");
      // Short of 1MB (a few blocks may stay pinned), it has still evicted what it could.
      await warehouse.setMemoryLimit("1MB").catch(() => {});
      await warehouse.setMemoryLimit(idleLimit);
    } catch (error) {
      logger.warn("giving memory back failed", { error: String(error) });
    }
  });
  return trim;
}
