/** Writes the job run history (warehouse/queries.ts reads it): what ran, when, how it ended, open problems. */
import type { Warehouse } from "../warehouse/duckdb.ts";
import type { RunStatus, RunTrigger } from "../warehouse/queries.ts";

export type { RunStatus, RunTrigger };

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
