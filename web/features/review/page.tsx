/**
 * The year in review, for any period (a year, a season, a custom range): minutes, top artists, tracks, albums
 * and genres, discoveries, the busiest and most replayed days, the longest session, the listening clock, the
 * countries the music came from, what was on repeat and the favourites left behind. One page, printable, and
 * shareable through a read-only link.
 */
import { raw } from "hono/html";
import { PeriodFilter } from "../../components/period_filter.tsx";
import { Stat } from "../../components/stat.tsx";
import { formatHours, formatInteger, formatMinutes, percent } from "../../format.ts";
import type { ParsedPeriod } from "../../period.ts";
import type { GenreMinutes } from "../genres/queries.ts";
import type { CountryMinutes } from "../geography/queries.ts";
import type { TopRow } from "../top/queries.ts";
import { listeningClockChart } from "./clock_chart.ts";
import type { NamedCount, Review } from "./queries.ts";

export interface ReviewProps {
  period: ParsedPeriod;
  /** The period's review; absent when the period could not be read. */
  data?: {
    review: Review;
    artists: TopRow[];
    tracks: TopRow[];
    albums: TopRow[];
    genres: GenreMinutes[];
    countries: CountryMinutes[];
  };
  years: number[];
  timezone: string;
  /** Silence that ends a session (SESSION_GAP_MINUTES). */
  sessionGapMinutes: number;
  /** A shared copy: no period choice, no share form, no links into the rest of the dashboard. */
  shared?: boolean;
  error?: string;
}

const SEASONS = [
  ["Winter", -1, 12, 2],
  ["Spring", 0, 3, 5],
  ["Summer", 0, 6, 8],
  ["Autumn", 0, 9, 11],
] as const;

/** The meteorological seasons of `year` as periods: winter runs from December of the year before. */
export function seasonPeriods(year: number): { label: string; value: string }[] {
  return SEASONS.map(([name, yearOffset, fromMonth, toMonth]) => {
    const from = `${year + yearOffset}-${String(fromMonth).padStart(2, "0")}-01`;
    const last = new Date(Date.UTC(year, toMonth, 0)).getUTCDate();
    return {
      label: `${name} ${year}`,
      value: `${from}..${year}-${String(toMonth).padStart(2, "0")}-${last}`,
    };
  });
}

export function ReviewPage({ period, data, years, timezone, shared, sessionGapMinutes, error }: ReviewProps) {
  const when = new Intl.DateTimeFormat("en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: timezone,
  });
  const year = /^(\d{4})/.exec(period.value)?.[1];
  const link = (path: string, text: string) => shared ? <>{text}</> : <a href={path}>{text}</a>;
  return (
    <article class="review">
      <h1>Your {period.label} in music</h1>
      {!shared && (
        <>
          <PeriodFilter action="/review" period={period} />
          <nav class="zoom no-print" aria-label="Years">
            {years.map((item) => (
              <a
                href={`/review?period=${item}`}
                aria-current={period.value === String(item) ? "page" : undefined}
              >
                {item}
              </a>
            ))}
          </nav>
          {year && (
            <nav class="zoom no-print" aria-label={`Seasons of ${year}`}>
              {seasonPeriods(Number(year)).map((season) => (
                <a
                  href={`/review?period=${season.value}`}
                  aria-current={period.value === season.value ? "page" : undefined}
                >
                  {season.label}
                </a>
              ))}
            </nav>
          )}
        </>
      )}
      {error || !data
        ? <p class="message message-error" role="alert">{error}</p>
        : data.review.totals.countedPlays === 0
        ? <p>No music was played in {period.label}.</p>
        : (
          <InReview
            {...data}
            period={period}
            shared={shared}
            link={link}
            when={when}
            sessionGapMinutes={sessionGapMinutes}
          />
        )}
    </article>
  );
}

function InReview(
  { period, review, artists, tracks, albums, genres, countries, shared, sessionGapMinutes, link, when }:
    & NonNullable<ReviewProps["data"]>
    & Pick<ReviewProps, "period" | "shared" | "sessionGapMinutes">
    & { link: (path: string, text: string) => unknown; when: Intl.DateTimeFormat },
) {
  return (
    <>
      <section class="totals" aria-label="In numbers">
        <Stat label="Minutes of music" value={formatMinutes(review.totals.musicMinutes)} />
        <Stat label="Plays" value={formatInteger(review.totals.countedPlays)} />
        <Stat label="Artists" value={formatInteger(review.totals.artists)} />
        <Stat label="Tracks" value={formatInteger(review.totals.tracks)} />
        <Stat label="Days with music" value={formatInteger(review.totals.days)} />
        <Stat label="New artists" value={formatInteger(review.newArtists)} />
      </section>
      <div class="columns">
        <Ranked
          id="artists"
          title="Top artists"
          rows={artists.map((row) => ({ ...row, by: null }))}
          path="artists"
          link={link}
        />
        <Ranked
          id="tracks"
          title="Top tracks"
          rows={tracks.map((row) => ({ ...row, by: row.artistName }))}
          path="tracks"
          link={link}
        />
        <Ranked
          id="albums"
          title="Top albums"
          rows={albums.map((row) => ({ ...row, by: row.artistName }))}
          path="albums"
          link={link}
        />
        <section aria-labelledby="genres-heading">
          <h2 id="genres-heading">Top genres</h2>
          {genres.length === 0
            ? <p class="secondary">No genres known yet (enrichment has not run).</p>
            : (
              <ol class="ranked">
                {genres.map((genre) => (
                  <li>
                    {genre.genre} <span class="secondary">{percent(genre.share)}</span>
                  </li>
                ))}
              </ol>
            )}
        </section>
      </div>
      <div class="columns">
        <section aria-labelledby="moments-heading">
          <h2 id="moments-heading">Moments</h2>
          <dl class="facts">
            {review.busiestDay && (
              <>
                <dt>Busiest day</dt>
                <dd>
                  {review.busiestDay.date}: {formatHours(review.busiestDay.minutes / 60)} hours
                </dd>
              </>
            )}
            {review.mostReplayed && (
              <>
                <dt>Most replayed</dt>
                <dd>
                  {review.mostReplayed.track.name}
                  {review.mostReplayed.track.by ? ` by ${review.mostReplayed.track.by}` : ""},{" "}
                  {review.mostReplayed.track.plays} times on {review.mostReplayed.date}
                </dd>
              </>
            )}
            {review.longestSession && (
              <>
                <dt>Longest session</dt>
                <dd>
                  {formatHours((+review.longestSession.end - +review.longestSession.start) / 3_600_000)}{" "}
                  hours from {when.format(review.longestSession.start)}, {review.longestSession.plays}{" "}
                  plays (a session ends after {sessionGapMinutes} minutes of silence)
                </dd>
              </>
            )}
            <dt>Countries</dt>
            <dd>
              {countries.length === 0
                ? "not known yet (enrichment has not run)"
                : `${countries.length}: ${countries.slice(0, 5).map((country) => country.name).join(", ")}${
                  countries.length > 5 ? ", …" : ""
                }`}
            </dd>
          </dl>
        </section>
        <section aria-labelledby="clock-heading">
          <h2 id="clock-heading">Listening clock</h2>
          <div class="chart-box">{raw(listeningClockChart(review.clock))}</div>
        </section>
      </div>
      <div class="columns">
        <Ranked id="new" title="Discovered" rows={review.topNewArtists} path="artists" link={link} />
        <Ranked id="repeat" title="On repeat" rows={review.onRepeat} path="tracks" link={link} />
        <Ranked
          id="forgotten"
          title="Forgotten favourites"
          note="Played most before, not once in this period."
          rows={review.forgotten}
          path="tracks"
          link={link}
        />
      </div>
      {!shared && (
        <form method="post" action="/review/share" class="filters share-form">
          <input type="hidden" name="period" value={period.value} />
          <label>
            Share this review, read-only, for
            <select name="days">
              <option value="7">7 days</option>
              <option value="30" selected>30 days</option>
              <option value="365">a year</option>
            </select>
          </label>
          <button type="submit">Create a link</button>
        </form>
      )}
    </>
  );
}

function Ranked(
  { id, title, note, rows, path, link }: {
    id: string;
    title: string;
    note?: string;
    rows: (Pick<NamedCount, "name" | "by" | "plays" | "minutes"> & { key: string | null })[];
    path: string;
    link: (path: string, text: string) => unknown;
  },
) {
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {note && <p class="secondary">{note}</p>}
      {rows.length === 0 ? <p class="secondary">None.</p> : (
        <ol class="ranked">
          {rows.map((row) => (
            <li>
              {row.key ? link(`/${path}/${row.key}`, row.name) : row.name}
              {row.by && <span class="secondary">{row.by}</span>}
              <span class="secondary">
                {formatInteger(row.plays)} plays · {formatMinutes(row.minutes)} min
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
