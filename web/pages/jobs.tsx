/** Jobs & health: what is scheduled, what ran, how it ended. */
import type { JobRun } from "../../warehouse/queries.ts";

export interface JobsProps {
  runs: JobRun[];
  schedules: { job: string; schedule: string }[];
  isDemo: boolean;
}

export function JobsPage({ runs, schedules, isDemo }: JobsProps) {
  return (
    <>
      <h1>Jobs</h1>
      <section aria-labelledby="schedules-heading">
        <h2 id="schedules-heading">Schedules</h2>
        {schedules.length === 0
          ? <p>Schedules are off (the server was started with --no-schedules).</p>
          : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Job</th>
                  <th scope="col">When (cron, UTC)</th>
                </tr>
              </thead>
              <tbody>
                {schedules.map((item) => (
                  <tr>
                    <td>{item.job}</td>
                    <td>
                      <code>{item.schedule}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        {isDemo && <p class="secondary">Jobs run on your own warehouse only: they wait until you import.</p>}
      </section>
      <section aria-labelledby="runs-heading">
        <h2 id="runs-heading">Latest runs</h2>
        {runs.length === 0 ? <p>No job has run yet.</p> : (
          <table>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Started (UTC)</th>
                <th scope="col" class="number">Took</th>
                <th scope="col">Trigger</th>
                <th scope="col">Status</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr>
                  <td>{run.job}</td>
                  <td>{run.startedAt.toISOString().slice(0, 19).replace("T", " ")}</td>
                  <td class="number">
                    {run.finishedAt ? `${((+run.finishedAt - +run.startedAt) / 1000).toFixed(1)} s` : "…"}
                  </td>
                  <td>{run.trigger}</td>
                  <td>
                    <span class={`status status-${run.status}`}>{run.status}</span>
                    {run.attempts > 1 && <span class="secondary">{run.attempts} attempts</span>}
                  </td>
                  <td>{run.error ?? (run.counts ? formatCounts(run.counts) : "")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function formatCounts(counts: Record<string, unknown>): string {
  return Object.entries(counts).map(([key, value]) => `${key}: ${value}`).join(", ");
}
