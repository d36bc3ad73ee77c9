/**
 * The job history (`job_run`) and the open problems notified about (`job_problem`): the one module that reads
 * and writes them. The job runner records every run here; the Jobs page, `jobs`, `doctor`, `/readyz` and the
 * schedules' catch-up read it.
 */
import type { Warehouse } from "../duckdb.ts";
import { select } from "../select.ts";
import jobSummariesSql from "../../sql/state/job_summaries.sql" with { type: "text" };

export type RunStatus = "running" | "succeeded" | "failed" | "skipped";
export type RunTrigger = "schedule" | "startup" | "cli" | "web" | "api";

export interface JobRun {
  runId: number;
  job: string;
  trigger: RunTrigger;
  startedAt: Date;
  finishedAt: Date | null;
  status: RunStatus;
  attempts: number;
  counts: Record<string, unknown> | null;
  error: string | null;
}

export async function startRun(warehouse: Warehouse, job: string, trigger: RunTrigger): Promise<number> {
  const runId = await warehouse.value<number>("select nextval('job_run_id_seq')");
  await warehouse.run(
    "insert into job_run (run_id, job, trigger, started_at, status) values ($1, $2, $3, now(), 'running')",
    [runId, job, trigger],
  );
  return runId;
}

export async function finishRun(
  warehouse: Warehouse,
  runId: number,
  { status, attempts = 1, counts, error }: {
    status: Exclude<RunStatus, "running">;
    attempts?: number;
    counts?: Record<string, unknown>;
    error?: string;
  },
): Promise<void> {
  await warehouse.run(
    `update job_run set finished_at = now(), status = $2, attempts = $3, counts = $4, error = $5
     where run_id = $1`,
    [runId, status, attempts, counts ? JSON.stringify(counts) : null, error ?? null],
  );
}

/** Runs left "running" by a process that died are failed runs: say so. Returns how many. */
export async function failInterruptedRuns(warehouse: Warehouse): Promise<number> {
  const count = await warehouse.value<number>("select count(*) from job_run where status = 'running'");
  if (count > 0) {
    await warehouse.run(
      `update job_run set status = 'failed', finished_at = now(),
         error = 'interrupted: the process stopped before the job finished'
       where status = 'running'`,
    );
  }
  return count;
}

/** The latest job runs, newest first. */
export async function jobRuns(
  warehouse: Warehouse,
  { limit = 50 }: { limit?: number } = {},
): Promise<JobRun[]> {
  const rows = await select<Omit<JobRun, "counts"> & { counts: string | null }>(
    warehouse,
    "select * from job_run order by run_id desc limit $1",
    [limit],
  );
  return rows.map((row) => ({ ...row, counts: row.counts ? JSON.parse(row.counts) : null }));
}

/** Start of each job's latest successful run. */
export async function lastSuccesses(warehouse: Warehouse): Promise<Map<string, Date>> {
  const rows = await select<{ job: string; startedAt: Date }>(
    warehouse,
    "select job, max(started_at) as started_at from job_run where status = 'succeeded' group by job",
  );
  return new Map(rows.map((row) => [row.job, row.startedAt]));
}

/** Records a problem; true when it is new (and so worth a notice). */
export async function recordProblem(warehouse: Warehouse, job: string, message: string): Promise<boolean> {
  const key = `${job}: ${message.slice(0, 200)}`;
  const existing = await warehouse.value<number>("select count(*) from job_problem where problem_key = $1", [
    key,
  ]);
  if (existing > 0) {
    await warehouse.run("update job_problem set last_seen = now() where problem_key = $1", [key]);
    return false;
  }
  await warehouse.run(
    "insert into job_problem values ($1, $2, now(), now(), $3)",
    [key, job, message],
  );
  return true;
}

export async function clearProblems(warehouse: Warehouse, job: string): Promise<void> {
  await warehouse.run("delete from job_problem where job = $1", [job]);
}

export interface JobSummary {
  job: string;
  /** Unix ms of the latest successful run's start, or null. */
  lastSuccessMs: number | null;
  /** How long the latest finished run took, in ms. */
  lastDurationMs: number;
  /** Whether the latest finished run failed. */
  lastFailed: boolean;
}

/** Each job's latest finished run and latest success (skipped runs left out), for /metrics. */
export async function jobSummaries(warehouse: Warehouse): Promise<JobSummary[]> {
  return await select<JobSummary>(warehouse, jobSummariesSql);
}
