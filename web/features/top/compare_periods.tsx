/**
 * Top compared with the period before: the risers, fallers, new and gone of a period's ranking against the
 * previous period's (queries.ts comparePeriods, compare_periods.sql), each list a table.
 */
import { type Column, DataTable } from "../../components/data_table.tsx";
import { formatInteger, formatMinutes } from "../../format.ts";
import type { ParsedPeriod } from "../../period.ts";
import { ItemName } from "../../components/item_name.tsx";
import { topUrl } from "./links.tsx";
import { periodLength } from "./previous_period.ts";
import {
  type ChangeList,
  type ChangeRow,
  COMPARED_TOP,
  type PeriodComparison,
  type RankBy,
  type TopKind,
} from "./queries.ts";

export interface CompareProps {
  kind: TopKind;
  period: ParsedPeriod;
  by: RankBy;
  /** The period compared with; absent for all time. */
  previous?: ParsedPeriod;
  comparison?: PeriodComparison;
}

const LISTS: { list: ChangeList; title: string; empty: string }[] = [
  { list: "riser", title: "Risers", empty: "Nothing gained" },
  { list: "faller", title: "Fallers", empty: "Nothing lost" },
  { list: "new", title: "New", empty: "Nothing new" },
  { list: "gone", title: "Gone", empty: "Nothing gone" },
];

/** The comparison, or why there is none (all time, or a period at the start of the calendar). */
export function ComparePeriods({ kind, period, by, previous, comparison }: CompareProps) {
  const ranking = topUrl(kind, { period: period.value, by });
  if (!previous || !comparison) {
    return (
      <>
        <p>
          {period.value === "all" ? "All time" : period.label}{" "}
          has no period before it to compare with. Choose a year, a month or a range of days (such as
          2024-05-01..2024-05-31) to see what rose, fell, came and went since the period before it.
        </p>
        <p>
          <a href={ranking}>← Back to the ranking</a>
        </p>
      </>
    );
  }
  const { items, previousItems, lists } = comparison;
  const length = periodLength(period);
  const measure = by === "plays" ? "plays" : "minutes";
  // What puts an item in a period's ranking (compare_periods.sql): a skip is no play.
  const words = by === "plays"
    ? { played: "had counted plays", inBoth: "with counted plays in both", none: "no counted play" }
    : { played: "were played", inBoth: "played in both", none: "not played" };
  return (
    <>
      <p>
        <strong>{period.label}</strong> compared with <strong>{previous.label}</strong>, the {length} before:
        {" "}
        {formatInteger(items)} {kind} {words.played} in {period.label}, {formatInteger(previousItems)} in{" "}
        {previous.label}; ranked by {measure}.
      </p>
      <p class="secondary">
        Risers and fallers: the {kind} in the top {COMPARED_TOP} of either period {words.inBoth}, by how many
        {" "}
        {measure} they gained or lost (then by this period's rank). New: in {period.label}'s top{" "}
        {COMPARED_TOP}, {words.none} in {previous.label}. Gone: in {previous.label}'s top {COMPARED_TOP},{" "}
        {words.none} in {period.label}.
      </p>
      <p>
        <a href={ranking}>← Ranking of {period.label}</a> ·{" "}
        <a href={topUrl(kind, { period: previous.value, by })}>Ranking of {previous.label}</a> ·{" "}
        <a href={topUrl(kind, { period: previous.value, by, compare: true })}>
          {previous.label} against the {length} before it →
        </a>
      </p>
      {items + previousItems === 0 ? <p>Nothing was played in either period.</p> : (
        <>
          {LISTS.map(({ list, title, empty }) => (
            <section aria-labelledby={`compare-${list}`}>
              <h2 id={`compare-${list}`}>
                {title}{" "}
                <small>
                  {lists[list].total > lists[list].rows.length
                    ? `${lists[list].rows.length} of ${formatInteger(lists[list].total)}`
                    : formatInteger(lists[list].total)}
                </small>
              </h2>
              {lists[list].rows.length === 0
                ? <p class="secondary">{empty}.</p>
                : <DataTable rows={lists[list].rows} columns={columns(kind, by)} />}
            </section>
          ))}
        </>
      )}
    </>
  );
}

function columns(kind: TopKind, by: RankBy): Column<ChangeRow>[] {
  const measure = by === "plays"
    ? (value: number | null) => value === null ? "—" : formatInteger(value)
    : (value: number | null) => value === null ? "—" : formatMinutes(value);
  const label = by === "plays" ? "Plays" : "Minutes";
  return [
    {
      label: kind === "artists" ? "Artist" : kind === "tracks" ? "Track" : "Album",
      cell: (row) => <ItemName kind={kind} item={row} />,
    },
    // a phone keeps the measures: the change says how the rank moved
    { label: "Rank", class: "number wide-only", cell: (row) => row.rank ?? "—" },
    { label, class: "number", cell: (row) => measure(by === "plays" ? row.plays : row.minutes) },
    {
      label: (
        <>
          Rank<br />before
        </>
      ),
      class: "number wide-only",
      cell: (row) => row.previousRank ?? "—",
    },
    {
      // two lines: a phone's narrow name column is narrow enough
      label: (
        <>
          {label}
          <br />before
        </>
      ),
      class: "number",
      cell: (row) => measure(by === "plays" ? row.previousPlays : row.previousMinutes),
    },
    {
      label: "Change",
      class: "number",
      cell: (row) => (
        <>
          {change(row.change, by)}
          <span class="secondary">{places(row)}</span>
        </>
      ),
    },
  ];
}

/** "+94", "−12" (a minus sign); minutes whole, except less than one: "+0.2", "+<0.1". */
function change(value: number, by: RankBy): string {
  const size = Math.abs(value);
  const formatted = by === "plays"
    ? formatInteger(size)
    : size >= 1
    ? formatMinutes(size)
    : size >= 0.05
    ? size.toFixed(1)
    : "<0.1";
  return `${value < 0 ? "−" : "+"}${formatted}`;
}

/** How the rank moved: "up 3", "down 12", "same rank", or "new" / "gone". */
function places({ rank, previousRank }: ChangeRow): string {
  if (previousRank === null) return "new";
  if (rank === null) return "gone";
  const moved = previousRank - rank;
  if (moved === 0) return "same rank";
  return `${moved > 0 ? "up" : "down"} ${formatInteger(Math.abs(moved))}`;
}
