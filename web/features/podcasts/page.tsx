/** Podcasts and audiobooks, kept apart from music: shows and books by minutes, and minutes per year. */
import type { ShowMinutes, SpokenYear } from "./queries.ts";
import { formatInteger, formatMinutes } from "../../format.ts";
import type { ParsedPeriod } from "../../period.ts";
import { PeriodFilter } from "../../components/period_filter.tsx";

export interface PodcastsProps {
  period: ParsedPeriod;
  timezone: string;
  shows: ShowMinutes[];
  books: ShowMinutes[];
  years: SpokenYear[];
  error?: string;
}

export function PodcastsPage({ period, timezone, shows, books, years, error }: PodcastsProps) {
  const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: timezone });
  const spoken = years.filter((year) => year.podcastMinutes > 0 || year.audiobookMinutes > 0);
  return (
    <>
      <h1>Podcasts and audiobooks</h1>
      <PeriodFilter action="/podcasts" period={period} />
      {error
        ? <p class="message message-error" role="alert">{error}</p>
        : spoken.length === 0
        ? <p>No podcast or audiobook was played in {period.label}.</p>
        : (
          <>
            <section aria-labelledby="years-heading">
              <h2 id="years-heading">Minutes per year</h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Year</th>
                    <th scope="col" class="number">Podcasts</th>
                    <th scope="col" class="number">Audiobooks</th>
                    <th scope="col" class="number">Music, for comparison</th>
                  </tr>
                </thead>
                <tbody>
                  {spoken.map((year) => (
                    <tr>
                      <th scope="row">{year.year}</th>
                      <td class="number">{formatMinutes(year.podcastMinutes)}</td>
                      <td class="number">{formatMinutes(year.audiobookMinutes)}</td>
                      <td class="number">{formatMinutes(year.musicMinutes)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <div class="columns">
              <section aria-labelledby="shows-heading">
                <h2 id="shows-heading">Podcasts</h2>
                <ShowTable rows={shows} label="Show" unit="Episodes" format={date} />
              </section>
              <section aria-labelledby="books-heading">
                <h2 id="books-heading">Audiobooks</h2>
                <ShowTable rows={books} label="Book" unit="Chapters" format={date} />
              </section>
            </div>
          </>
        )}
    </>
  );
}

function ShowTable(
  { rows, label, unit, format }: {
    rows: ShowMinutes[];
    label: string;
    unit: string;
    format: Intl.DateTimeFormat;
  },
) {
  if (rows.length === 0) return <p>None in this period.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{label}</th>
          <th scope="col" class="number">{unit}</th>
          <th scope="col" class="number">Minutes</th>
          <th scope="col" class="wide-only">Last played</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr>
            <td>{row.show}</td>
            <td class="number">{formatInteger(row.episodes)}</td>
            <td class="number">{formatMinutes(row.minutes)}</td>
            <td class="wide-only date">{format.format(row.lastPlayed)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
