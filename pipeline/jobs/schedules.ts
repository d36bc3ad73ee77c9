/**
 * Registers the jobs with Deno.cron when `serve` starts, and makes up, once, a run that was due while the
 * process was not running (the NAS was off). A changed schedule or setting registers them again: each
 * registration is cancelled with its AbortSignal (Deno.cron's `signal` option) before the next one.
 */
import type { Logger } from "../../log.ts";
import type { Warehouse } from "../../warehouse/duckdb.ts";
import { parseCron } from "../../lib/cron.ts";
import type { Job, JobRunner } from "./runner.ts";
import { failInterruptedRuns, lastSuccesses } from "../../warehouse/state/job_runs.ts";

export interface ScheduledJob {
  job: Job;
  /** Five-field cron expression, UTC. */
  schedule: string;
}

/** Deno.cron's shape, so tests can fire schedules without waiting for the clock; `signal` cancels it. */
export type CronRegistrar = (
  name: string,
  schedule: string,
  handler: () => Promise<void>,
  signal?: AbortSignal,
) => void;

export interface StartSchedulesOptions {
  runner: JobRunner;
  /** A session on the real warehouse, or undefined while only demo data exists. */
  session: () => Promise<Warehouse | undefined>;
  logger: Logger;
  cron?: CronRegistrar;
  now?: () => Date;
  /** Cancels the schedules registered now (the next registration replaces them). */
  signal?: AbortSignal;
}

/** Returns the catch-up runs started now (resolved when they finish). */
export async function startSchedules(
  scheduled: ScheduledJob[],
  { runner, session, logger, cron = denoCron, now = () => new Date(), signal }: StartSchedulesOptions,
): Promise<Promise<unknown>[]> {
  const due: Job[] = [];
  const warehouse = await session();
  if (warehouse) {
    try {
      const interrupted = await failInterruptedRuns(warehouse);
      if (interrupted > 0) logger.warn("marked runs interrupted by a stop as failed", { runs: interrupted });
      const successes = await lastSuccesses(warehouse);
      for (const { job, schedule } of scheduled) {
        const shouldHaveRun = parseCron(schedule).previous(now());
        const ran = successes.get(job.name);
        if (shouldHaveRun && (!ran || ran < shouldHaveRun)) due.push(job);
      }
    } finally {
      warehouse.close();
    }
  }
  registerSchedules(scheduled, { runner, logger, cron, signal });
  return due.map((job) => {
    logger.info("making up a missed run", { job: job.name });
    return runner.run(job, "startup");
  });
}

/**
 * Registers each job on its schedule, until `signal` aborts. Registering a job again needs the earlier
 * registration's signal aborted first (Deno.cron refuses a second cron of the same name).
 */
export function registerSchedules(
  scheduled: ScheduledJob[],
  { runner, logger, cron = denoCron, signal }: Pick<
    StartSchedulesOptions,
    "runner" | "logger" | "cron" | "signal"
  >,
): void {
  for (const { job, schedule } of scheduled) {
    cron(`music-tracker ${job.name}`, schedule, async () => {
      await runner.run(job, "schedule");
    }, signal);
    logger.info("scheduled", { job: job.name, schedule });
  }
}

function denoCron(name: string, schedule: string, handler: () => Promise<void>, signal?: AbortSignal): void {
  Deno.cron(name, schedule, { signal }, handler);
}
