/**
 * Runs jobs the same way whether a schedule, start-up or the CLI asked: never two runs of one job at once,
 * every run recorded in job_run, transient failures retried with exponential backoff, and a notice sent the
 * first time a job fails with a given problem.
 */
import type { Logger } from "../../log.ts";
import type { Resources, Warehouse } from "../../warehouse/duckdb.ts";
import {
  clearProblems,
  finishRun,
  recordProblem,
  type RunStatus,
  type RunTrigger,
  startRun,
} from "../../warehouse/state/job_runs.ts";
import type { Notice } from "./notify.ts";

/** A failure worth retrying (a timeout, a 5xx, a busy service); any other error fails the run at once. */
export class TransientError extends Error {}

export interface JobContext {
  /** A connection of the job's own to the real warehouse. */
  warehouse: Warehouse;
  logger: Logger;
  /**
   * Tells the user about something that went wrong although the run succeeded (plays that may be lost): logged,
   * and sent to NOTIFY_URL as a warning. Call it once per new finding.
   */
  alert(message: string): Promise<void>;
}

export interface Job {
  name: string;
  /**
   * A frequent small job (adding received listens to the marts, once per scrobble): a run that succeeds is not
   * recorded in job_run, so the history keeps what a person wants to see; a failure is, as for any job.
   */
  quiet?: boolean;
  /** Does the work; returns counts worth keeping in the run's history (rows, plays …). */
  run(context: JobContext): Promise<Record<string, unknown> | void>;
}

export interface RunResult {
  status: Exclude<RunStatus, "running">;
  runId?: number;
  error?: string;
  counts?: Record<string, unknown>;
}

/**
 * A run that says it added and removed no plays and found no gap (an ingest or a listens run that found nothing
 * new) left the marts and the alerts as they were: a server keeps its cached pages.
 */
export function changedNothing({ status, counts }: RunResult): boolean {
  return status === "succeeded" && counts?.newPlays === 0 && !counts.removedPlays && !counts.gaps;
}

export interface JobRunnerOptions {
  /** A new session on the real warehouse, or undefined when there is none yet (demo data): jobs then skip. */
  session: () => Promise<Warehouse | undefined>;
  logger: Logger;
  notify?: (notice: Notice) => Promise<void>;
  /** Extra attempts after a transient failure. Default 3. */
  retries?: number;
  /** Wait before the first retry; doubles each time. Default 2000 ms. */
  backoffMs?: number;
  /** For tests: how to wait. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * DuckDB's memory_limit and threads while a job runs and while none does. A server lowers them when idle:
   * DuckDB then gives back cached memory, which it otherwise keeps at the working limit, and its pages' queries
   * run on one thread each (SERVER_IDLE). Default: left as they are.
   */
  resources?: { working: Resources; idle: Resources };
  /** Told when a run ends (whatever its status): the data the pages show may have changed. */
  onFinished?: (job: string, result: RunResult) => void;
}

export class JobRunner {
  #options: JobRunnerOptions;
  /** Jobs running or waiting for their turn. */
  #running = new Set<string>();
  /** Counts runs starting and ending: what pages about the jobs are cached by. */
  #events = 0;
  /** Jobs run one after another: each rebuilds or extends the marts, and two at once would conflict. */
  #queue: Promise<unknown> = Promise.resolve();
  /** What runs on the working resources now: the job executing (one at a time) and work beside it. */
  #working = 0;
  /** A job ended while work beside it still needed the resources: the last of that work lowers them. */
  #lowerOwed = false;

  constructor(options: JobRunnerOptions) {
    this.#options = options;
  }

  isRunning(job: string): boolean {
    return this.#running.has(job);
  }

  /** Changes whenever a run starts or ends. */
  get version(): number {
    return this.#events;
  }

  /**
   * Waits up to `ms` for every job running or queued to end; true when none is left. What must not run beside a
   * job (a setting that rebuilds the marts) waits out a short one (a listens append) instead of being refused.
   */
  async whenIdle(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (this.busy && Date.now() < deadline) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise((resolve) =>
        timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))
      );
      await Promise.race([this.#queue, timeout]);
      clearTimeout(timer);
      // The queue settles before run() clears the job's name: let that happen.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return !this.busy;
  }

  /** True while any job runs or waits for its turn. */
  get busy(): boolean {
    return this.#running.size > 0;
  }

  /** How many jobs run or wait for their turn. */
  get queued(): number {
    return this.#running.size;
  }

  /**
   * Runs `fn`, work that is not a job and must not wait behind one (the Import page's preview, a dry run), on
   * the jobs' working resources: raised for it, and lowered again once neither it nor a job needs them.
   */
  async withWorkingResources<T>(warehouse: Warehouse, fn: () => Promise<T>): Promise<T> {
    const { resources } = this.#options;
    if (!resources) return await fn();
    this.#working++;
    try {
      await warehouse.setResources(resources.working);
      return await fn();
    } finally {
      this.#working--;
      if (this.#working === 0 && (this.#lowerOwed || this.#running.size === 0)) {
        this.#lowerOwed = false;
        await warehouse.lowerResources(resources.idle).catch(() => {});
      }
    }
  }

  async run(job: Job, trigger: RunTrigger): Promise<RunResult> {
    if (this.#running.has(job.name)) {
      this.#options.logger.with({ job: job.name }).info("skipped: the previous run is still going", {
        trigger,
      });
      return { status: "skipped", error: "the previous run is still going" };
    }
    this.#running.add(job.name);
    this.#events++;
    const result = this.#queue.then(() => this.#execute(job, trigger));
    this.#queue = result.catch(() => {});
    try {
      const finished = await result;
      this.#options.onFinished?.(job.name, finished);
      return finished;
    } finally {
      this.#running.delete(job.name);
      this.#events++;
    }
  }

  async #execute(job: Job, trigger: RunTrigger): Promise<RunResult> {
    const { session, notify, retries = 3, backoffMs = 2000 } = this.#options;
    const sleep = this.#options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
    const logger = this.#options.logger.with({ job: job.name });
    let warehouse: Warehouse | undefined;
    try {
      warehouse = await session();
      if (!warehouse) {
        logger.info("skipped: no warehouse of your own yet (demo data)", { trigger });
        return { status: "skipped", error: "no warehouse yet" };
      }
      this.#working++;
      this.#lowerOwed = false;
      if (this.#options.resources) await warehouse.setResources(this.#options.resources.working);
      let runId = job.quiet ? undefined : await startRun(warehouse, job.name, trigger);
      if (!job.quiet) logger.info("started", { trigger, runId });
      const recordedRun = async () => runId ??= await startRun(warehouse!, job.name, trigger);
      for (let attempt = 1;; attempt++) {
        try {
          const alert = async (message: string) => {
            logger.warn("alert", { runId, message });
            await notify?.({
              title: `Music Tracker: ${job.name} warning`,
              message,
              job: job.name,
              status: "warning",
            })
              .catch((notifyError) =>
                logger.warn("could not send the notice", { error: String(notifyError) })
              );
          };
          const counts = (await job.run({ warehouse, logger, alert })) ?? undefined;
          if (runId !== undefined) {
            await finishRun(warehouse, runId, { status: "succeeded", attempts: attempt, counts });
          }
          await clearProblems(warehouse, job.name);
          (job.quiet ? logger.debug : logger.info).call(logger, "succeeded", {
            runId,
            attempts: attempt,
            ...counts,
          });
          return { status: "succeeded", runId, counts };
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          if (error instanceof TransientError && attempt <= retries) {
            const wait = backoffMs * 2 ** (attempt - 1);
            logger.warn("failed, will retry", { runId, attempt, retryInMs: wait, error: message });
            await sleep(wait);
            continue;
          }
          await finishRun(warehouse, await recordedRun(), {
            status: "failed",
            attempts: attempt,
            error: message,
          });
          logger.error("failed", { runId, attempts: attempt, error: message });
          if (await recordProblem(warehouse, job.name, message)) {
            await notify?.({
              title: `Music Tracker: ${job.name} failed`,
              message,
              job: job.name,
              status: "failed",
            }).catch((notifyError) =>
              logger.warn("could not send the notice", { error: String(notifyError) })
            );
          }
          return { status: "failed", runId, error: message };
        }
      }
    } finally {
      // The last job in the queue gives the resources back, its writes checkpointed out of memory first (or
      // leaves that to the work beside it that still needs them: withWorkingResources).
      if (warehouse) this.#working--;
      if (warehouse && this.#running.size === 1 && this.#options.resources) {
        if (this.#working > 0) this.#lowerOwed = true;
        else await warehouse.lowerResources(this.#options.resources.idle).catch(() => {});
      }
      warehouse?.close();
    }
  }
}
