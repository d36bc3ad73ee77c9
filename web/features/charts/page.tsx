/** The weekly or monthly chart of artists, tracks or albums, with each entry's movement since the last one. */
import { DataTable, minutesColumn, playsColumn } from "../../components/data_table.tsx";
import { ItemName } from "../../components/item_name.tsx";
import { formatInteger } from "../../format.ts";
import type { ChartEvery, ChartPeriod } from "./chart_period.ts";
import type { Chart, ChartKind, Movement } from "./queries.ts";

export interface ChartData {
  period: ChartPeriod;
  /** The periods to link to: before and after (when there are plays there), and the other kind's. */
  previous?: ChartPeriod;
  next?: ChartPeriod;
  other: ChartPeriod;
  chart: Chart;
  size: number;
  /** The period has not ended yet: its chart may still change. */
  inProgress: boolean;
}

export interface ChartPageProps {
  kind: ChartKind;
  every: ChartEvery;
  /** The period as typed, kept in the form. */
  asked: string;
  /** Absent when the period could not be read (`error` says why) or nothing was ever played. */
  data?: ChartData;
  error?: string;
}

const NOUNS: Record<ChartKind, string> = { artists: "Artists", tracks: "Tracks", albums: "Albums" };

export function ChartPage({ kind, every, asked, data, error }: ChartPageProps) {
  const period = data?.period;
  return (
    <>
      <h1>{every === "week" ? "Weekly" : "Monthly"} chart: {NOUNS[kind].toLowerCase()}</h1>
      <nav class="tabs" aria-label="What to chart">
        {(["artists", "tracks", "albums"] as const).map((item) => (
          <a href={chartUrl(item, period?.value)} aria-current={item === kind ? "page" : undefined}>
            {NOUNS[item]}
          </a>
        ))}
      </nav>
      <form method="get" action={`/charts/${kind}`} class="filters">
        <label>
          Week or month
          <input
            name="period"
            value={period?.value ?? asked}
            placeholder="2023-W40 or 2023-10"
            maxlength={16}
            aria-describedby="chart-period-help"
          />
        </label>
        <span id="chart-period-help" class="secondary">
          an ISO week (2023-W40, Monday to Sunday) or a month
        </span>
        <button type="submit">Show</button>
      </form>
      {error && <p class="message message-error" role="alert">{error}</p>}
      {!error && !data && <p>Nothing has been played yet: the charts start with the first counted play.</p>}
      {data && <ChartBody kind={kind} data={data} />}
    </>
  );
}

function ChartBody({ kind, data: { period, previous, next, other, chart, size, inProgress } }: {
  kind: ChartKind;
  data: ChartData;
}) {
  const noun = NOUNS[kind].toLowerCase();
  return (
    <section aria-labelledby="chart-heading">
      <nav class="chart-periods" aria-label="Other periods">
        {previous ? <a href={chartUrl(kind, previous.value)} rel="prev">← {previous.label}</a> : <span />}
        <span class="chart-every">
          {(["week", "month"] as const).map((every) => {
            const shown = every === period.every ? period : other;
            return (
              <a
                href={chartUrl(kind, shown.value)}
                aria-current={every === period.every ? "page" : undefined}
                title={shown.label}
              >
                {every === "week" ? "Weekly" : "Monthly"}
              </a>
            );
          })}
        </span>
        {next ? <a href={chartUrl(kind, next.value)} rel="next">{next.label} →</a> : <span />}
      </nav>
      <h2 id="chart-heading">
        {period.label} <span class="secondary">{period.days}</span>
      </h2>
      {chart.entries.length === 0 ? <p>Nothing was played in this {period.every}.</p> : (
        <>
          <p class="secondary">
            {formatInteger(chart.charted)} {noun} charted (counted plays in the {period.every}); the top{" "}
            {size} by counted plays, ties by minutes. Movement is against the {period.every} before.
            {inProgress && ` This ${period.every} is not over yet: its chart may still change.`}
          </p>
          <DataTable
            rows={chart.entries}
            rowClass={(row) => (row.rank === 1 ? "chart-top" : undefined)}
            columns={[
              { label: "#", class: "number", cell: (row) => row.rank },
              {
                label: <abbr title={`Rank the ${period.every} before`}>Prev.</abbr>,
                class: "number wide-only",
                cell: (row) => row.previousRank ?? "–",
              },
              { label: "Move", class: "move", cell: (row) => <MovementBadge movement={row.movement} /> },
              {
                label: NOUNS[kind].replace(/s$/, ""),
                cell: (row) => <ItemName kind={kind} item={row} />,
              },
              playsColumn(),
              minutesColumn(),
            ]}
          />
        </>
      )}
    </section>
  );
}

/** new, re-entry, ↑ 3, ↓ 2 or = ; the title says it in words. */
export function MovementBadge({ movement }: { movement: Movement }) {
  switch (movement.kind) {
    case "new":
      return <span class="move-new" title="First time in the charts">new</span>;
    case "re-entry":
      return <span class="move-re" title="Back after not charting the period before">re-entry</span>;
    case "up":
      return <span class="move-up" title={`Up ${movement.by}`}>↑ {movement.by}</span>;
    case "down":
      return <span class="move-down" title={`Down ${movement.by}`}>↓ {movement.by}</span>;
    default:
      return <span class="move-same" title="Same rank as the period before">=</span>;
  }
}

export function chartUrl(kind: ChartKind, period: string | undefined): string {
  return period ? `/charts/${kind}?${new URLSearchParams({ period })}` : `/charts/${kind}`;
}
