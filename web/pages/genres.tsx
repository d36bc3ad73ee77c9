/**
 * Genres: the period's music by parent genre and by fine genre, each year's mix, and the top genres per year.
 * Genres come from enrichment (MusicBrainz, Spotify); until it has run the page says so and where to look.
 */
import { raw } from "hono/html";
import type { EnrichedShare, GenreMinutes, YearGenreMinutes, YearTopGenre } from "../../warehouse/queries.ts";
import { genresByYearChart } from "../charts/genres_by_year.ts";
import type { ParsedPeriod } from "../period.ts";
import { formatMinutes, percent } from "../format.ts";
import { EnrichmentNote } from "./enrichment_note.tsx";
import { PeriodFilter } from "./period_filter.tsx";

export interface GenresProps {
  period: ParsedPeriod;
  coverage: EnrichedShare;
  parents: GenreMinutes[];
  genres: GenreMinutes[];
  byYear: YearGenreMinutes[];
  topPerYear: YearTopGenre[];
  error?: string;
}

export function GenresPage({ period, coverage, parents, genres, byYear, topPerYear, error }: GenresProps) {
  const years = [...new Set(topPerYear.map((row) => row.year))];
  return (
    <>
      <h1>Genres</h1>
      <PeriodFilter action="/genres" period={period} />
      {error ? <p class="message message-error" role="alert">{error}</p> : (
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
      )}
    </>
  );
}

function GenreTable({ rows, showParent }: { rows: GenreMinutes[]; showParent: boolean }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col" class="number wide-only">#</th>
          <th scope="col">Genre</th>
          {showParent && <th scope="col" class="wide-only">Family</th>}
          <th scope="col" class="number wide-only">Artists</th>
          <th scope="col" class="number">Minutes</th>
          <th scope="col" class="number">Share</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr>
            <td class="number wide-only">{index + 1}</td>
            <td>{row.genre}</td>
            {showParent && <td class="wide-only">{row.parent}</td>}
            <td class="number wide-only">{row.artists}</td>
            <td class="number">{formatMinutes(row.minutes)}</td>
            <td class="number">{percent(row.share)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
