/**
 * Top artists, tracks or albums for any period, ranked by plays or minutes, paginated; or (compare=previous) the
 * period against the one before it (compare_periods.tsx).
 */
import {
  DataTable,
  minutesColumn,
  playsColumn,
  rankColumn,
  shareColumn,
} from "../../components/data_table.tsx";
import type { ParsedPeriod } from "../../period.ts";
import { ComparePeriods } from "./compare_periods.tsx";
import { ItemName } from "../../components/item_name.tsx";
import { topUrl } from "./links.tsx";
import type { PeriodComparison, RankBy, TopKind, TopRow } from "./queries.ts";

export interface TopProps {
  kind: TopKind;
  period: ParsedPeriod;
  by: RankBy;
  page: number;
  pageSize: number;
  rows: TopRow[];
  total: number;
  years: number[];
  /** Comparing with the previous period (compare=previous) instead of the ranking. */
  compare: boolean;
  /** The period before this one (none for all time, or when the request could not be read). */
  previous?: ParsedPeriod;
  comparison?: PeriodComparison;
  error?: string;
}

const TITLES: Record<TopKind, string> = {
  artists: "Top artists",
  tracks: "Top tracks",
  albums: "Top albums",
};

export function TopPage(props: TopProps) {
  const { kind, period, by, years, compare } = props;
  return (
    <>
      <h1>{TITLES[kind]}</h1>
      <nav class="tabs" aria-label="What to rank">
        {(["artists", "tracks", "albums"] as const).map((item) => (
          <a
            href={topUrl(item, { period: period.value, by, compare })}
            aria-current={item === kind ? "page" : undefined}
          >
            {TITLES[item].replace("Top ", "")}
          </a>
        ))}
      </nav>
      <form
        method="get"
        action={`/top/${kind}`}
        class="filters"
        hx-get={`/top/${kind}`}
        hx-target="#top-table"
        hx-select="#top-table"
        hx-swap="outerHTML"
        hx-push-url="true"
        hx-trigger="change, submit"
      >
        <label>
          Period
          <input name="period" list="periods" value={period.value} aria-describedby="period-help" />
          <datalist id="periods">
            <option value="all">all time</option>
            {years.map((year) => <option value={String(year)}>{year}</option>)}
          </datalist>
        </label>
        <span id="period-help" class="secondary">all, 2024, 2024-05 or 2024-05-01..2024-08-31</span>
        <fieldset>
          <legend>Rank by</legend>
          <label>
            <input type="radio" name="by" value="plays" checked={by === "plays"} /> plays
          </label>
          <label>
            <input type="radio" name="by" value="minutes" checked={by === "minutes"} /> minutes
          </label>
        </fieldset>
        <fieldset>
          <legend>Compare</legend>
          <label>
            <input type="checkbox" name="compare" value="previous" checked={compare} /> with the period before
          </label>
        </fieldset>
        <button type="submit">Show</button>
      </form>
      <TopSection {...props} />
    </>
  );
}

/** The ranking or the comparison: what the form's htmx request replaces (and gets alone, as a fragment). */
export function TopSection(props: TopProps) {
  const { kind, period, by, previous, comparison, compare, error } = props;
  return (
    <section id="top-table" aria-live="polite">
      {error
        ? <p class="message message-error" role="alert">{error}</p>
        : compare
        ? <ComparePeriods {...{ kind, period, by, previous, comparison }} />
        : <TopTable {...props} />}
    </section>
  );
}

function TopTable({ kind, period, by, page, pageSize, rows, total, previous }: TopProps) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <>
      <p class="secondary">
        {total.toLocaleString("en-US")} {kind} played in {period.label}; ranked by {by}.
        {previous && (
          <>
            {" "}
            <a href={topUrl(kind, { period: period.value, by, compare: true })}>
              Compare with {previous.label} →
            </a>
          </>
        )}
      </p>
      {rows.length === 0 ? <p>Nothing was played in this period.</p> : (
        <DataTable
          rows={rows}
          columns={[
            rankColumn({ first: (page - 1) * pageSize + 1 }),
            {
              label: kind === "artists" ? "Artist" : kind === "tracks" ? "Track" : "Album",
              cell: (row) => <ItemName kind={kind} item={row} />,
            },
            playsColumn(),
            minutesColumn(),
            shareColumn(),
          ]}
        />
      )}
      {pages > 1 && (
        <nav class="pagination" aria-label="Pages">
          {page > 1 && (
            <a href={topUrl(kind, { period: period.value, by, page: page - 1 })} rel="prev">← Previous</a>
          )}
          <span>Page {page} of {pages}</span>
          {page < pages && (
            <a href={topUrl(kind, { period: period.value, by, page: page + 1 })} rel="next">Next →</a>
          )}
        </nav>
      )}
    </>
  );
}
