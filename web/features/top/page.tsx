/** Top artists, tracks or albums for any period, ranked by plays or minutes, paginated. */
import {
  DataTable,
  minutesColumn,
  playsColumn,
  rankColumn,
  shareColumn,
} from "../../components/data_table.tsx";
import type { ParsedPeriod } from "../../period.ts";
import type { RankBy, TopKind, TopRow } from "./queries.ts";

export interface TopProps {
  kind: TopKind;
  period: ParsedPeriod;
  by: RankBy;
  page: number;
  pageSize: number;
  rows: TopRow[];
  total: number;
  years: number[];
  error?: string;
}

const TITLES: Record<TopKind, string> = {
  artists: "Top artists",
  tracks: "Top tracks",
  albums: "Top albums",
};

export function TopPage(props: TopProps) {
  const { kind, period, by, years, error } = props;
  return (
    <>
      <h1>{TITLES[kind]}</h1>
      <nav class="tabs" aria-label="What to rank">
        {(["artists", "tracks", "albums"] as const).map((item) => (
          <a href={url(item, period.value, by, 1)} aria-current={item === kind ? "page" : undefined}>
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
        <button type="submit">Show</button>
      </form>
      <TopTable {...props} error={error} />
    </>
  );
}

function TopTable({ kind, period, by, page, pageSize, rows, total, error }: TopProps) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <section id="top-table" aria-live="polite">
      {error ? <p class="message message-error" role="alert">{error}</p> : (
        <>
          <p class="secondary">
            {total.toLocaleString("en-US")} {kind} played in {period.label}; ranked by {by}.
          </p>
          {rows.length === 0 ? <p>Nothing was played in this period.</p> : (
            <DataTable
              rows={rows}
              columns={[
                rankColumn({ first: (page - 1) * pageSize + 1 }),
                {
                  label: kind === "artists" ? "Artist" : kind === "tracks" ? "Track" : "Album",
                  cell: (row) => (
                    <>
                      <a href={`/${kind}/${row.key}`}>{row.name}</a>
                      {row.artistName && (
                        <span class="secondary">
                          {row.artistKey
                            ? <a href={`/artists/${row.artistKey}`}>{row.artistName}</a>
                            : row.artistName}
                        </span>
                      )}
                    </>
                  ),
                },
                playsColumn(),
                minutesColumn(),
                shareColumn(),
              ]}
            />
          )}
          {pages > 1 && (
            <nav class="pagination" aria-label="Pages">
              {page > 1 && <a href={url(kind, period.value, by, page - 1)} rel="prev">← Previous</a>}
              <span>Page {page} of {pages}</span>
              {page < pages && <a href={url(kind, period.value, by, page + 1)} rel="next">Next →</a>}
            </nav>
          )}
        </>
      )}
    </section>
  );
}

function url(kind: TopKind, period: string, by: RankBy, page: number): string {
  const query = new URLSearchParams({ period, by });
  if (page > 1) query.set("page", String(page));
  return `/top/${kind}?${query}`;
}
