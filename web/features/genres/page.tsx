/**
 * Genres: the period's music by parent genre and by fine genre, each year's mix, and the top genres per year.
 * Genres come from enrichment (MusicBrainz, Spotify); until it has run the page says so and where to look.
 */
import { raw } from "hono/html";
import { DataTable, minutesColumn, rankColumn, shareColumn } from "../../components/data_table.tsx";
import { EnrichmentNote } from "../../components/enrichment_note.tsx";
import { PeriodFilter } from "../../components/period_filter.tsx";
import { percent } from "../../format.ts";
import type { ParsedPeriod } from "../../period.ts";
import { genresByYearChart } from "./chart.ts";
import type { EnrichedShare, GenreMinutes, YearGenreMinutes, YearTopGenre } from "./queries.ts";

export interface GenresProps {
  period: ParsedPeriod;
  /** The period's genres; absent when the period could not be read. */
  data?: {
    coverage: EnrichedShare;
    parents: GenreMinutes[];
    genres: GenreMinutes[];
    byYear: YearGenreMinutes[];
    topPerYear: YearTopGenre[];
  };
  error?: string;
}

export function GenresPage({ period, data, error }: GenresProps) {
  return (
    <>
      <h1>Genres</h1>
      <PeriodFilter action="/genres" period={period} />
      {error || !data
        ? <p class="message message-error" role="alert">{error}</p>
        : <Genres period={period} {...data} />}
    </>
  );
}

function Genres(
  { period, coverage, parents, genres, byYear, topPerYear }:
    & { period: ParsedPeriod }
    & NonNullable<GenresProps["data"]>,
) {
  const years = [...new Set(topPerYear.map((row) => row.year))];
  return (
    <>
      <EnrichmentNote
        period={period}
        musicMinutes={coverage.musicMinutes}
        placedMinutes={coverage.withGenreMinutes}
        what="a genre"
      />
      {parents.length > 0 && (
        <>
          <section aria-labelledby="years-heading">
            <h2 id="years-heading">Each year's mix</h2>
            <div class="chart-box">
              <div class="chart-wide">{raw(genresByYearChart(byYear))}</div>
              <div class="chart-narrow">
                {raw(genresByYearChart(byYear, { width: 380, height: 280 }))}
              </div>
            </div>
          </section>
          <div class="columns">
            <section aria-labelledby="parents-heading">
              <h2 id="parents-heading">Genre families</h2>
              <GenreTable rows={parents} showParent={false} />
            </section>
            <section aria-labelledby="genres-heading">
              <h2 id="genres-heading">Top genres</h2>
              <GenreTable rows={genres} showParent />
            </section>
          </div>
          <section aria-labelledby="per-year-heading">
            <h2 id="per-year-heading">Top genres per year</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">Year</th>
                  <th scope="col">First</th>
                  <th scope="col">Second</th>
                  <th scope="col">Third</th>
                </tr>
              </thead>
              <tbody>
                {years.map((year) => (
                  <tr>
                    <th scope="row">
                      <a href={`/genres?period=${year}`}>{year}</a>
                    </th>
                    {[1, 2, 3].map((rank) => {
                      const row = topPerYear.find((item) => item.year === year && item.rank === rank);
                      return <td>{row ? `${row.genre} (${percent(row.share)})` : ""}</td>;
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </>
  );
}

function GenreTable({ rows, showParent }: { rows: GenreMinutes[]; showParent: boolean }) {
  return (
    <DataTable
      rows={rows}
      columns={[
        rankColumn({ wideOnly: true }),
        { label: "Genre", cell: (row) => row.genre },
        showParent && { label: "Family", class: "wide-only", cell: (row) => row.parent },
        { label: "Artists", class: "number wide-only", cell: (row) => row.artists },
        minutesColumn(),
        shareColumn(),
      ]}
    />
  );
}
