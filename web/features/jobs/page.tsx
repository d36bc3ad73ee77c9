/** Jobs & health: what is scheduled, what ran, how it ended, and how far enrichment has come. */
import type { Child } from "hono/jsx";
import type { EnrichmentCoverage } from "../../../warehouse/state/enrichment.ts";
import type { JobRun } from "../../../warehouse/state/job_runs.ts";
import type { SpotifyStatus } from "../../../warehouse/state/spotify_connections.ts";
import { ConnectionsTable, GapsTable } from "../../components/spotify_tables.tsx";
import type { EnrichmentSetup } from "../../env.ts";
import { percent } from "../../format.ts";

export interface JobsProps {
  runs: JobRun[];
  schedules: { job: string; schedule: string }[];
  isDemo: boolean;
  coverage: EnrichmentCoverage;
  enrichment: EnrichmentSetup;
  spotify: SpotifyStatus;
  /** Show the "Enrich now" button. */
  canEnrich?: boolean;
  /** After the button: "started", or "running" when a run was already going. */
  enrichNotice?: string;
}

export function JobsPage(
  { runs, schedules, isDemo, coverage, enrichment, spotify, canEnrich = false, enrichNotice }: JobsProps,
) {
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
      {(spotify.connections.length > 0 || spotify.gaps.length > 0) && (
        <section aria-labelledby="spotify-heading">
          <h2 id="spotify-heading">Spotify</h2>
          {spotify.connections.length > 0 && <ConnectionsTable connections={spotify.connections} />}
          {spotify.gaps.length > 0 && (
            <>
              <p>
                Plays may be missing in these stretches (more than 50 plays between two polls): import your
                extended streaming history to fill them.
              </p>
              <GapsTable gaps={spotify.gaps} />
            </>
          )}
          <p class="secondary">
            Connect or reconnect accounts in <a href="/settings">Settings</a>.
          </p>
        </section>
      )}
      <EnrichmentPanel coverage={coverage} enrichment={enrichment} isDemo={isDemo}>
        {enrichNotice === "started" && (
          <p class="message" role="status">
            Enrichment started: it runs for up to {enrichment.maxMinutes}{" "}
            minutes and shows in the runs below; the pages fill in as it goes.
          </p>
        )}
        {enrichNotice === "running" && <p class="message" role="status">Enrichment is already running.</p>}
        {canEnrich && (enrichment.musicbrainz || enrichment.spotify) && (
          <form method="post" action="/jobs/enrich" class="inline-form">
            <button type="submit">Enrich now</button>
          </form>
        )}
      </EnrichmentPanel>
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

function EnrichmentPanel(
  { coverage, enrichment, isDemo, children }: {
    coverage: EnrichmentCoverage;
    enrichment: EnrichmentSetup;
    isDemo: boolean;
    /** The "Enrich now" button and what it said. */
    children?: Child;
  },
) {
  const shares = [
    ["with a genre", coverage.withGenre],
    ["with the artist's country", coverage.withOrigin],
    ["with the track's duration", coverage.withDuration],
  ] as const;
  return (
    <section aria-labelledby="enrichment-heading">
      <h2 id="enrichment-heading">Enrichment</h2>
      <p class="secondary">
        Genres and artists' countries come from MusicBrainz, durations and release dates from Spotify. The
        nightly ETL enriches for up to {enrichment.maxMinutes} minutes, most listened first;{" "}
        <code>enrich</code> on the command line runs until done.
      </p>
      {!isDemo && !enrichment.musicbrainz && (
        <p class="notice">
          MusicBrainz is not asked: set <code>MUSICBRAINZ_CONTACT</code>{" "}
          (an email address or URL, which MusicBrainz requires) to get genres and countries.
        </p>
      )}
      {!isDemo && !enrichment.spotify && (
        <p class="notice">
          No Spotify app is configured (<code>SPOTIFY_CLIENT_ID</code>): durations and release dates stay
          unknown, and artists are matched to MusicBrainz by name only.
        </p>
      )}
      <table class="coverage">
        <caption>Share of your music listening time</caption>
        <tbody>
          {shares.map(([label, share]) => (
            <tr>
              <th scope="row">{label}</th>
              <td class="number">{percent(share)}</td>
              <td>
                <meter min={0} max={1} value={share} aria-label={`${label}: ${percent(share)}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl class="facts">
        <dt>Left to look up at Spotify</dt>
        <dd>{coverage.pendingSpotify ?? "unknown until the first run"}</dd>
        <dt>Artists left for MusicBrainz</dt>
        <dd>{coverage.pendingMusicBrainz ?? "unknown until the first run"}</dd>
        <dt>Last run</dt>
        <dd>{coverage.lastRunAt ? formatUtc(coverage.lastRunAt) : "never"}</dd>
        <dt>Last error</dt>
        <dd>
          {coverage.lastError
            ? `${coverage.lastError.service}, ${
              formatUtc(coverage.lastError.at)
            }: ${coverage.lastError.error}`
            : "none"}
        </dd>
      </dl>
      {children}
    </section>
  );
}

function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function formatCounts(counts: Record<string, unknown>): string {
  return Object.entries(counts).map(([key, value]) => `${key}: ${value}`).join(", ");
}
