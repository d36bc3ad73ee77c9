/** `jobs`: the latest job runs, from the warehouse, or from the running server while it holds the warehouse. */
import { UsageError } from "../lib/errors.ts";
import { formatTable } from "../warehouse/output.ts";
import { type JobRun, jobRuns } from "../warehouse/state/job_runs.ts";
import { defineCommand } from "./command.ts";
import { outputFormat, readOrAskServer } from "./shared.ts";

export const jobsCommand = defineCommand({
  name: "jobs",
  usage: "jobs",
  summary: ["The latest job runs. --format table|json, --limit N (default 20)"],
  options: {
    format: { type: "string" },
    limit: { type: "string", default: "20" },
  },
  async run({ values }, config) {
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) {
      throw new UsageError(`--limit must be a whole number, got "${values.limit}"`);
    }
    const format = outputFormat(values.format, ["table", "json"]);
    const runs = await readOrAskServer<JobRun[]>(config, {
      read: (warehouse) => jobRuns(warehouse, { limit }),
      path: `/api/jobs?limit=${limit}`,
    });
    console.log(format === "json" ? JSON.stringify(runs, null, 2) : formatRuns(runs));
    return 0;
  },
});

/** One row per run: when it started, how long it took, and its error or counts. */
function formatRuns(runs: JobRun[]): string {
  const rows = runs.map((run) => [
    run.runId,
    run.job,
    run.trigger,
    new Date(run.startedAt).toISOString(),
    run.finishedAt ? `${((+new Date(run.finishedAt) - +new Date(run.startedAt)) / 1000).toFixed(1)} s` : "",
    run.status,
    run.attempts,
    run.error ?? (run.counts ? JSON.stringify(run.counts) : ""),
  ]);
  const columns = ["run", "job", "trigger", "started", "took", "status", "attempts", "error or counts"];
  return formatTable({ columns, rows }, "table");
}
