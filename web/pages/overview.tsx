/** The overview: totals, first and last play, top artists and tracks, hours per year. */
import { raw } from "hono/html";
import type { Overview, TopRow, YearHours } from "../../warehouse/queries.ts";
import { hoursPerYearChart } from "../charts/hours_per_year.ts";
import { formatInteger } from "../format.ts";

export interface OverviewProps {
  totals: Overview;
  artists: TopRow[];
  tracks: TopRow[];
  years: YearHours[];
  timezone: string;
  /** A play counts from this many ms (MIN_PLAY_MS). */
  minPlayMs: number;
}

export function OverviewPage({ totals, artists, tracks, years, timezone, minPlayMs }: OverviewProps) {
  return (
    <>
      <h1>Overview</h1>
      <section class="totals" aria-label="Totals">
        <Stat
          label="Plays"
          value={formatInteger(totals.plays)}
          note={`${formatInteger(totals.countedPlays)} of at least ${minPlayMs / 1000} s`}
        />
        <Stat label="Hours listened" value={formatInteger(Math.round(totals.hoursListened))} />
        <Stat label="Artists" value={formatInteger(totals.artists)} />
        <Stat label="Tracks" value={formatInteger(totals.tracks)} />
        <Stat label="First play" value={formatDate(totals.firstPlay, timezone)} kind="date" />
        <Stat label="Last play" value={formatDate(totals.lastPlay, timezone)} kind="date" />
      </section>
      <section aria-labelledby="years-heading">
        <h2 id="years-heading">Hours per year</h2>
        <div class="chart-box">
          <div class="chart-wide">{raw(hoursPerYearChart(years))}</div>
          <div class="chart-narrow">{raw(hoursPerYearChart(years, { width: 380, height: 280 }))}</div>
        </div>
      </section>
      <div class="columns">
        <section aria-labelledby="artists-heading">
          <h2 id="artists-heading">Top artists</h2>
          <table>
            <thead>
              <tr>
                <th scope="col" class="number">#</th>
                <th scope="col">Artist</th>
                <th scope="col" class="number">Hours</th>
                <th scope="col" class="number">Plays</th>
              </tr>
            </thead>
            <tbody>
              {artists.map((artist, i) => (
                <tr>
                  <td class="number">{i + 1}</td>
                  <td>
                    <a href={`/artists/${artist.key}`}>{artist.name}</a>
                  </td>
                  <td class="number">{(artist.minutes / 60).toFixed(1)}</td>
                  <td class="number">{formatInteger(artist.plays)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section aria-labelledby="tracks-heading">
          <h2 id="tracks-heading">Top tracks</h2>
          <table>
            <thead>
              <tr>
                <th scope="col" class="number">#</th>
                <th scope="col">Track</th>
                <th scope="col" class="number">Plays</th>
              </tr>
            </thead>
            <tbody>
              {tracks.map((track, i) => (
                <tr>
                  <td class="number">{i + 1}</td>
                  <td>
                    <a href={`/tracks/${track.key}`}>{track.name}</a>
                    {track.artistName && <span class="secondary">{track.artistName}</span>}
                  </td>
                  <td class="number">{formatInteger(track.plays)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </>
  );
}

function Stat({ label, value, note, kind }: { label: string; value: string; note?: string; kind?: "date" }) {
  return (
    <div class="stat">
      <div class="stat-label">{label}</div>
      <div class={kind ? `stat-value ${kind}` : "stat-value"}>{value}</div>
      {note && <div class="stat-note">{note}</div>}
    </div>
  );
}

function formatDate(value: Date | null, timezone: string): string {
  if (!value) return "—";
  return value.toLocaleDateString("en-CA", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
}
