/** The play log: every play, newest first, searchable by track, artist, album, episode or show. */
import type { HistoryRow } from "./queries.ts";
import type { ParsedPeriod } from "../../period.ts";

export interface HistoryProps {
  period: ParsedPeriod;
  search: string;
  page: number;
  pageSize: number;
  rows: HistoryRow[];
  total: number;
  timezone: string;
  error?: string;
}

export function HistoryPage(props: HistoryProps) {
  const { period, search } = props;
  return (
    <>
      <h1>History</h1>
      <form
        method="get"
        action="/history"
        class="filters"
        hx-get="/history"
        hx-target="#history-table"
        hx-select="#history-table"
        hx-swap="outerHTML"
        hx-push-url="true"
        hx-trigger="input changed delay:300ms from:input[name='q'], change, submit"
      >
        <label>
          Search
          <input name="q" type="search" value={search} placeholder="track, artist, album, show" />
        </label>
        <label>
          Period
          <input name="period" value={period.value} />
        </label>
        <button type="submit">Search</button>
      </form>
      <HistoryTable {...props} />
    </>
  );
}

function HistoryTable({ period, search, page, pageSize, rows, total, timezone, error }: HistoryProps) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const link = (to: number) =>
    `/history?${new URLSearchParams({ q: search, period: period.value, page: String(to) })}`;
  const time = new Intl.DateTimeFormat("en-CA", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  });
  return (
    <section id="history-table" aria-live="polite">
      {error ? <p class="message message-error" role="alert">{error}</p> : (
        <>
          <p class="secondary">
            {total.toLocaleString("en-US")} plays in {period.label}
            {search ? ` matching “${search}”` : ""}; times in {timezone}.
          </p>
          {rows.length === 0 ? <p>No plays found.</p> : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Ended</th>
                  <th scope="col">What</th>
                  <th scope="col">Album</th>
                  <th scope="col" class="number">Minutes</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr
                    class={`${row.isCounted ? "counted" : "uncounted"}${row.isExcluded ? " excluded" : ""}`}
                  >
                    <td class="when">{time.format(row.playedAt)}</td>
                    <td>
                      {row.trackKey
                        ? <a href={`/tracks/${row.trackKey}`}>{row.title}</a>
                        : row.title ?? "(unknown)"}
                      {row.isExcluded && (
                        <span class="badge" title="Left out of statistics by a rule (see Rules)">
                          excluded
                        </span>
                      )}
                      {row.by && (
                        <span class="secondary">
                          {row.artistKey ? <a href={`/artists/${row.artistKey}`}>{row.by}</a> : row.by}
                        </span>
                      )}
                    </td>
                    <td>
                      {row.albumKey
                        ? <a href={`/albums/${row.albumKey}`}>{row.album}</a>
                        : row.album ?? (row.contentType === "track" ? "" : row.contentType)}
                    </td>
                    <td
                      class="number"
                      {...(row.msIsEstimated ? { title: "the track's length (from Spotify's API)" } : {})}
                    >
                      {(row.msPlayed / 60_000).toFixed(1)}
                      {row.msIsEstimated ? "*" : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {pages > 1 && (
            <nav class="pagination" aria-label="Pages">
              {page > 1 && <a href={link(page - 1)} rel="prev">← Newer</a>}
              <span>Page {page} of {pages.toLocaleString("en-US")}</span>
              {page < pages && <a href={link(page + 1)} rel="next">Older →</a>}
            </nav>
          )}
        </>
      )}
    </section>
  );
}
