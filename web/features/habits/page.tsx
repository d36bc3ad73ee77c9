/**
 * Habits: how listening comes in sessions (a silence of SESSION_GAP_MINUTES ends one), daily streaks, and how
 * many artists and tracks are discovered each month and how many of them stuck.
 */
import { raw } from "hono/html";
import { PeriodFilter } from "../../components/period_filter.tsx";
import { formatInteger, formatMinutes, percent } from "../../format.ts";
import type { ParsedPeriod } from "../../period.ts";
import { discoveryChart } from "./discovery_chart.ts";
import { type DiscoveryMonth, type SessionStats, type Streaks, STUCK_AFTER_DAYS } from "./queries.ts";

export interface HabitsProps {
  period: ParsedPeriod;
  /** The period's habits; absent when the period could not be read. */
  data?: { sessions: SessionStats; streaks: Streaks; discovery: DiscoveryMonth[] };
  sessionGapMinutes: number;
  error?: string;
}

export function HabitsPage({ period, data, sessionGapMinutes, error }: HabitsProps) {
  return (
    <>
      <h1>Habits</h1>
      <PeriodFilter action="/habits" period={period} />
      {error || !data
        ? <p class="message message-error" role="alert">{error}</p>
        : data.sessions.sessions === 0
        ? <p>Nothing was played in {period.label}.</p>
        : <Habits {...data} period={period} sessionGapMinutes={sessionGapMinutes} />}
    </>
  );
}

function Habits(
  { period, sessions, streaks, discovery, sessionGapMinutes }:
    & NonNullable<HabitsProps["data"]>
    & Pick<HabitsProps, "period" | "sessionGapMinutes">,
) {
  const sum = (pick: (month: DiscoveryMonth) => number) =>
    discovery.reduce((total, month) => total + pick(month), 0);
  const newArtists = sum((month) => month.newArtists);
  const stuckArtists = sum((month) => month.stuckArtists);
  const newTracks = sum((month) => month.newTracks);
  const stuckTracks = sum((month) => month.stuckTracks);
  // Over two years the table sums years (the chart keeps the months).
  const byYear = discovery.length > 24;
  const tableRows = byYear ? perYear(discovery) : [...discovery].reverse();
  return (
    <>
      <div class="columns">
        <section aria-labelledby="sessions-heading">
          <h2 id="sessions-heading">Sessions</h2>
          <p class="secondary">
            A session ends after {sessionGapMinutes} minutes of silence (<code>SESSION_GAP_MINUTES</code>).
          </p>
          <dl class="facts">
            <dt>Sessions</dt>
            <dd>{formatInteger(sessions.sessions)}</dd>
            <dt>Typical length</dt>
            <dd>{formatMinutes(sessions.medianMinutes)} min (median)</dd>
            <dt>Longest</dt>
            <dd>{formatMinutes(sessions.longestMinutes)} min</dd>
            <dt>Plays per session</dt>
            <dd>{sessions.averagePlays.toFixed(1)} on average</dd>
          </dl>
          <table>
            <thead>
              <tr>
                <th scope="col">Length</th>
                <th scope="col" class="number">Sessions</th>
                <th scope="col" class="number">Share</th>
              </tr>
            </thead>
            <tbody>
              {sessions.buckets.map((bucket) => (
                <tr>
                  <td>{bucket.label}</td>
                  <td class="number">{formatInteger(bucket.sessions)}</td>
                  <td class="number">{percent(bucket.sessions / sessions.sessions)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section aria-labelledby="streaks-heading">
          <h2 id="streaks-heading">Streaks</h2>
          <p class="secondary">Days in a row with at least one counted play, local time.</p>
          <dl class="facts">
            <dt>Longest streak</dt>
            <dd>
              {streaks.longest
                ? `${
                  formatInteger(streaks.longest.days)
                } days, ${streaks.longest.from} to ${streaks.longest.to}`
                : "none"}
            </dd>
            <dt>Latest streak</dt>
            <dd>
              {streaks.latest
                ? `${formatInteger(streaks.latest.days)} days, ${streaks.latest.from} to ${streaks.latest.to}`
                : "none"}
            </dd>
            <dt>Days with music</dt>
            <dd>
              {formatInteger(streaks.activeDays)} of {formatInteger(streaks.spanDays)}{" "}
              ({percent(streaks.activeDays / Math.max(1, streaks.spanDays))})
            </dd>
          </dl>
        </section>
      </div>
      <section aria-labelledby="discovery-heading">
        <h2 id="discovery-heading">Discovery</h2>
        <p class="secondary">
          {formatInteger(newArtists)} artists and {formatInteger(newTracks)} tracks first played in{" "}
          {period.label}; {percent(stuckArtists / Math.max(1, newArtists))} of the artists and{" "}
          {percent(stuckTracks / Math.max(1, newTracks))} of the tracks stuck (played again {STUCK_AFTER_DAYS}
          {" "}
          days or more after the first time).
        </p>
        {discovery.length > 0 && (
          <>
            <div class="chart-box">
              <div class="chart-wide">{raw(discoveryChart(discovery))}</div>
              <div class="chart-narrow">
                {raw(discoveryChart(discovery, { width: 380, height: 220 }))}
              </div>
            </div>
            <table>
              <thead>
                <tr>
                  <th scope="col">{byYear ? "Year" : "Month"}</th>
                  <th scope="col" class="number">New artists</th>
                  <th scope="col" class="number">Stuck</th>
                  <th scope="col" class="number">New tracks</th>
                  <th scope="col" class="number">Stuck</th>
                </tr>
              </thead>
              <tbody>
                {tableRows.map((month) => (
                  <tr>
                    <th scope="row">{month.month}</th>
                    <td class="number">{formatInteger(month.newArtists)}</td>
                    <td class="number">{formatInteger(month.stuckArtists)}</td>
                    <td class="number">{formatInteger(month.newTracks)}</td>
                    <td class="number">{formatInteger(month.stuckTracks)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </>
  );
}

/** Months summed into years, newest first. */
function perYear(months: DiscoveryMonth[]): DiscoveryMonth[] {
  const years = new Map<string, DiscoveryMonth>();
  for (const month of months) {
    const year = month.month.slice(0, 4);
    const total = years.get(year) ??
      { month: year, newArtists: 0, stuckArtists: 0, newTracks: 0, stuckTracks: 0 };
    total.newArtists += month.newArtists;
    total.stuckArtists += month.stuckArtists;
    total.newTracks += month.newTracks;
    total.stuckTracks += month.stuckTracks;
    years.set(year, total);
  }
  return [...years.values()].reverse();
}
