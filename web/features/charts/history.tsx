/**
 * An artist's, track's or album's place in the charts: its certification, weeks at #1, year medals and its rank
 * per week or month as a line. The item pages load it as a fragment (htmx); its URL alone is a full page.
 */
import { raw } from "hono/html";
import { formatInteger } from "../../format.ts";
import type { ItemCertification, Medal } from "../records/queries.ts";
import { THRESHOLDS } from "../records/queries.ts";
import type { ItemKind, RankPoint } from "./queries.ts";
import { rankChart } from "./rank_chart.ts";
import { chartPeriodOf } from "./chart_period.ts";

export interface HistoryData {
  kind: ItemKind;
  key: string;
  name: string;
  /** Its rank in every week it charted in. */
  weeks: RankPoint[];
  /** The Mondays (yyyymmdd) of the finished weeks it was #1 in, ties included. */
  weeksAtOne: number[];
  medals: { year: number; rank: number; medal: Medal }[];
  certification: ItemCertification;
}

const PLURAL: Record<ItemKind, string> = { artist: "artists", track: "tracks", album: "albums" };

/** The rank chart alone, per week or month: a fragment for htmx, else a page of its own. */
export function ranksUrl(kind: ItemKind, key: string, every: "week" | "month"): string {
  return `/charts/history/${kind}/${key}/ranks?every=${every}`;
}

/** The section the item page loads; also the body of the full page. */
export function ChartHistory({ data }: { data: HistoryData }) {
  const { kind, key, name, weeks, weeksAtOne, medals, certification } = data;
  return (
    <section id="chart-history" aria-labelledby="chart-history-heading">
      <h2 id="chart-history-heading">Charts and records</h2>
      <dl class="facts">
        <dt>Certification</dt>
        <dd>
          <CertificationText kind={kind} certification={certification} />
        </dd>
        <dt>Weeks at #1</dt>
        <dd>
          {weeksAtOne.length === 0 ? "none" : (
            <>
              {formatInteger(weeksAtOne.length)} (latest:{" "}
              <a href={`/charts/${PLURAL[kind]}?period=${chartPeriodOf("week", weeksAtOne.at(-1)!).value}`}>
                week of {dayLabel(weeksAtOne.at(-1)!)}
              </a>)
            </>
          )}
        </dd>
        <dt>Year medals</dt>
        <dd>
          {medals.length === 0
            ? "none"
            : (["gold", "silver", "bronze"] as const).filter((medal) =>
              medals.some((row) => row.medal === medal)
            ).map((medal, index) => (
              <>
                {index > 0 && "; "}
                <span class={`badge medal-${medal}`}>{medal}</span>{" "}
                {medals.filter((row) => row.medal === medal).map((row) => row.year).join(", ")}
              </>
            ))}
        </dd>
      </dl>
      <RankChart itemKey={key} every="week" points={weeks} {...{ kind, name }} />
    </section>
  );
}

/**
 * The rank per week or month as a line, with its switch: swapped alone by htmx (`ranksUrl`), so that changing
 * it asks for one statement, not the whole section's four.
 */
export function RankChart({ kind, itemKey: key, name, every, points }: {
  kind: ItemKind;
  itemKey: string;
  name: string;
  every: "week" | "month";
  points: RankPoint[];
}) {
  const best = points.length ? Math.min(...points.map((point) => point.rank)) : undefined;
  const atBest = points.filter((point) => point.rank === best).length;
  return (
    <div id="rank-chart">
      <nav class="tabs" aria-label="Rank per">
        {(["week", "month"] as const).map((option) => (
          <a
            href={ranksUrl(kind, key, option)}
            hx-get={ranksUrl(kind, key, option)}
            hx-target="#rank-chart"
            hx-swap="outerHTML"
            aria-current={option === every ? "page" : undefined}
          >
            {option === "week" ? "Weekly rank" : "Monthly rank"}
          </a>
        ))}
      </nav>
      {points.length === 0 ? <p>Never in the charts: it has no counted plays.</p> : (
        <>
          <p class="secondary" id="rank-summary">
            In the charts {formatInteger(points.length)} {every}
            {points.length === 1 ? "" : "s"}; best rank #{best} ({formatInteger(atBest)} {every}
            {atBest === 1 ? "" : "s"}).
          </p>
          <div class="chart-box">
            <div class="chart-wide">{raw(rankChart(points, { every, name }))}</div>
            <div class="chart-narrow">
              {raw(rankChart(points, { every, name, width: 380, height: 220, compact: true }))}
            </div>
          </div>
        </>
      )}
    </div>
  );
}

function CertificationText({ kind, certification }: { kind: ItemKind; certification: ItemCertification }) {
  const { level, plays, topTrack, topAlbum } = certification;
  if (kind !== "artist") {
    const thresholds = THRESHOLDS[kind];
    return (
      <>
        {level ? <span class={`badge cert-${level}`}>{level}</span> : "none yet"} ({formatInteger(plays)}{" "}
        counted plays; gold at {thresholds.gold}, platinum at {thresholds.platinum}, diamond at{" "}
        {thresholds.diamond})
      </>
    );
  }
  // An artist takes the best of its top track's and top album's.
  const from = [
    topTrack && { ...topTrack, path: "tracks", what: "top track" },
    topAlbum && { ...topAlbum, path: "albums", what: "top album" },
  ].filter((item) => item !== null);
  return (
    <>
      {level ? <span class={`badge cert-${level}`}>{level}</span> : "none yet"}
      {from.length > 0 && " (the best of its "}
      {from.map((item, index) => (
        <>
          {index > 0 && "; "}
          {item.what} <a href={`/${item.path}/${item.key}`}>{item.name}</a>, {formatInteger(item.plays)} plays
          {item.level && `, ${item.level}`}
        </>
      ))}
      {from.length > 0 && ")"}
    </>
  );
}

/** 20231002 → "2 Oct 2023". */
function dayLabel(key: number): string {
  return dateOf(key).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
}

function dateOf(key: number): Date {
  return new Date(Date.UTC(Math.floor(key / 10_000), Math.floor(key / 100) % 100 - 1, key % 100));
}
