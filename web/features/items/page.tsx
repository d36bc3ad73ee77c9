/**
 * One artist, track or album: how much and when it was played, minutes per month, its tracks (and an artist's
 * albums), and what enrichment knows about it.
 */
import { raw } from "hono/html";
import { DataTable, minutesColumn, playsColumn } from "../../components/data_table.tsx";
import { formatInteger, formatMinutes, percent } from "../../format.ts";
import { minutesPerMonthChart } from "./chart.ts";
import type { ItemDetail, ItemTrack, MonthMinutes } from "./queries.ts";

export interface DetailProps {
  item: ItemDetail;
  months: MonthMinutes[];
  tracks: ItemTrack[];
  albums: ItemTrack[];
  timezone: string;
}

const KIND_LABEL = { artist: "Artist", track: "Track", album: "Album" };

export function DetailPage({ item, months, tracks, albums, timezone }: DetailProps) {
  const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: timezone });
  return (
    <>
      <p class="secondary">{KIND_LABEL[item.kind]}</p>
      <h1>{item.name}</h1>
      {(item.artistName || item.albumName) && (
        <p>
          {item.artistName && (
            <>
              by {item.artistKey !== null
                ? <a href={`/artists/${item.artistKey}`}>{item.artistName}</a>
                : item.artistName}
            </>
          )}
          {item.albumName && (
            <>
              {" "}on {item.albumKey !== null
                ? <a href={`/albums/${item.albumKey}`}>{item.albumName}</a>
                : item.albumName}
            </>
          )}
        </p>
      )}
      <dl class="facts">
        <dt>Plays</dt>
        <dd>{formatInteger(item.plays)}</dd>
        <dt>Minutes</dt>
        <dd>{formatMinutes(item.minutes)}</dd>
        <dt>Share of all music</dt>
        <dd>{percent(item.share)}</dd>
        <dt>First played</dt>
        <dd>{item.firstPlayed ? date.format(item.firstPlayed) : "never"}</dd>
        <dt>Last played</dt>
        <dd>{item.lastPlayed ? date.format(item.lastPlayed) : "never"}</dd>
        {item.artistType && (
          <>
            <dt>Type</dt>
            <dd>{item.artistType}</dd>
          </>
        )}
        {item.originCountry && (
          <>
            <dt>From</dt>
            <dd>
              {item.originArea && item.originArea !== item.originCountry
                ? `${item.originArea}, ${item.originCountry}`
                : item.originCountry}
            </dd>
          </>
        )}
        {item.lifeSpan && (
          <>
            <dt>Active</dt>
            <dd>{item.lifeSpan}</dd>
          </>
        )}
        {item.genres.length > 0 && (
          <>
            <dt>Genres</dt>
            <dd>{item.genres.join(", ")}</dd>
          </>
        )}
        {item.durationMs !== null && (
          <>
            <dt>Length</dt>
            <dd>{formatLength(item.durationMs)}</dd>
          </>
        )}
        {item.explicit && (
          <>
            <dt>Explicit</dt>
            <dd>yes</dd>
          </>
        )}
        {item.isrc && (
          <>
            <dt>ISRC</dt>
            <dd>{item.isrc}</dd>
          </>
        )}
        {item.releaseDate && (
          <>
            <dt>Released</dt>
            <dd>{item.releaseDate}</dd>
          </>
        )}
        {item.albumType && (
          <>
            <dt>Album type</dt>
            <dd>{item.albumType}</dd>
          </>
        )}
        {item.totalTracks !== null && (
          <>
            <dt>Tracks on the release</dt>
            <dd>{item.totalTracks}</dd>
          </>
        )}
        {item.musicbrainzId && (
          <>
            <dt>MusicBrainz</dt>
            <dd>
              <a href={`https://musicbrainz.org/artist/${item.musicbrainzId}`} rel="noreferrer">
                {item.musicbrainzId}
              </a>
            </dd>
          </>
        )}
      </dl>
      {months.length > 0 && (
        <section aria-labelledby="months-heading">
          <h2 id="months-heading">Minutes per month</h2>
          <div class="chart-box">
            <div class="chart-wide">{raw(minutesPerMonthChart(months, { name: item.name }))}</div>
            <div class="chart-narrow">
              {raw(minutesPerMonthChart(months, { name: item.name, width: 380, height: 200 }))}
            </div>
          </div>
        </section>
      )}
      <section
        id="chart-history"
        hx-get={`/charts/history/${item.kind}/${item.key}`}
        hx-trigger="load"
        hx-swap="outerHTML"
      >
        <a href={`/charts/history/${item.kind}/${item.key}`}>Charts and records</a>
      </section>
      <div class="columns">
        {item.kind !== "track" && (
          <section aria-labelledby="tracks-heading">
            <h2 id="tracks-heading">Tracks</h2>
            <ItemTable rows={tracks} path="tracks" label="Track" />
          </section>
        )}
        {item.kind === "artist" && (
          <section aria-labelledby="albums-heading">
            <h2 id="albums-heading">Albums</h2>
            <ItemTable rows={albums} path="albums" label="Album" />
          </section>
        )}
      </div>
      {/* merge, rename, exclude: the Rules feature's fragment, loaded once the page shows (a plain link without JS) */}
      <section
        id="item-rules"
        hx-get={`/rules/${item.kind}/${item.key}`}
        hx-trigger="load"
        hx-swap="outerHTML"
      >
        <p>
          <a href={`/rules/${item.kind}/${item.key}`}>Merge, rename or exclude this {item.kind}</a>
        </p>
      </section>
    </>
  );
}

function ItemTable({ rows, path, label }: { rows: ItemTrack[]; path: string; label: string }) {
  if (rows.length === 0) return <p>None known.</p>;
  return (
    <DataTable
      rows={rows}
      columns={[
        {
          label,
          cell: (row) => (
            <>
              <a href={`/${path}/${row.key}`}>{row.name}</a>
              {row.featured && <span class="secondary">featured</span>}
            </>
          ),
        },
        playsColumn(),
        minutesColumn(),
      ]}
    />
  );
}

/** 305000 → "5:05". */
function formatLength(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}
