/**
 * A quiet server gives back DuckDB's cached blocks: `quiet` ms after the last touch, unless `busy()` (a job
 * runs), Warehouse.giveMemoryBack() checkpoints, lowers the memory limit to 1MB (which evicts every block it
 * can) and sets `idleLimit` again, while the pages' queries wait. Pages then read what they need from disk again.
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
      // A job that began while the trim waited for the pages' queries keeps its limit; the trim comes back later.
      if (!(await warehouse.giveMemoryBack(idleLimit, { unless: busy }))) trim.touch();
    } catch (error) {
      logger.warn("giving memory back failed", { error: String(error) });
    }
  });
  return trim;
}
