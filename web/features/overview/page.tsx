/** The overview: totals, first and last play, top artists and tracks, hours per year. */
import { raw } from "hono/html";
import { DataTable, playsColumn, rankColumn } from "../../components/data_table.tsx";
import { NowPlayingSlot } from "../../components/now_playing.tsx";
import { Stat } from "../../components/stat.tsx";
import { formatDate, formatHours, formatInteger } from "../../format.ts";
import type { HistoryRow } from "../history/queries.ts";
import type { TopRow } from "../top/queries.ts";
import { hoursPerYearChart } from "./chart.ts";
import type { Overview, RecentComparison, YearHours } from "./queries.ts";

export interface OverviewProps {
  totals: Overview;
  artists: TopRow[];
  tracks: TopRow[];
  years: YearHours[];
  recent: RecentComparison;
  /** The ten latest plays. */
  latest: HistoryRow[];
  /** Today's local date (yyyy-mm-dd): "this week" ends with it. */
  today: string;
  timezone: string;
  /** A play counts from this many ms (MIN_PLAY_MS). */
  minPlayMs: number;
}

export function OverviewPage(
  { totals, artists, tracks, years, recent, latest, today, timezone, minPlayMs }: OverviewProps,
) {
  const time = new Intl.DateTimeFormat("en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: timezone,
  });
  return (
    <>
      <h1>Overview</h1>
      <NowPlayingSlot />
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
      <section class="totals" aria-label="Recently">
        <Stat
          label="This week so far"
          value={`${formatHours(recent.weekMinutes / 60)} h`}
          note={comparison(recent.weekMinutes, recent.previousWeekMinutes, "the same days last week")}
        />
        <Stat
          label="This month so far"
          value={`${formatHours(recent.monthMinutes / 60)} h`}
          note={comparison(recent.monthMinutes, recent.previousMonthMinutes, "the same days last month")}
        />
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
          <DataTable
            rows={artists}
            columns={[
              rankColumn(),
              { label: "Artist", cell: (artist) => <a href={`/artists/${artist.key}`}>{artist.name}</a> },
              { label: "Hours", class: "number", cell: (artist) => (artist.minutes / 60).toFixed(1) },
              playsColumn(),
            ]}
          />
        </section>
        <section aria-labelledby="tracks-heading">
          <h2 id="tracks-heading">Top tracks</h2>
          <DataTable
            rows={tracks}
            columns={[
              rankColumn(),
              {
                label: "Track",
                cell: (track) => (
                  <>
                    <a href={`/tracks/${track.key}`}>{track.name}</a>
                    {track.artistName && <span class="secondary">{track.artistName}</span>}
                  </>
                ),
              },
              playsColumn(),
            ]}
          />
        </section>
      </div>
      <section aria-labelledby="latest-heading">
        <h2 id="latest-heading">Latest plays</h2>
        {latest.length === 0 ? <p>No plays yet.</p> : (
          <table>
            <tbody>
              {latest.map((play) => (
                <tr>
                  <td class="when">{time.format(play.playedAt)}</td>
                  <td>
                    {play.trackKey
                      ? <a href={`/tracks/${play.trackKey}`}>{play.title}</a>
                      : play.title ?? "(unknown)"}
                    {play.by && <span class="secondary">{play.by}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p>
          <a href="/history">The whole history</a> ·{" "}
          <a href={`/timeline?period=${today.slice(0, 4)}`}>This year, week by week</a>
        </p>
      </section>
    </>
  );
}

/** "+12 % on the same days last week", or what there was to compare with. */
function comparison(minutes: number, before: number, span: string): string {
  if (before === 0) return minutes === 0 ? `nothing on ${span} either` : `nothing on ${span}`;
  const change = Math.round((minutes / before - 1) * 100);
  return `${change >= 0 ? "+" : "−"}${Math.abs(change)} % against ${span} (${formatHours(before / 60)} h)`;
}
