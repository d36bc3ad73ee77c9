/**
 * The table the analysis pages draw their rankings with (what, plays, minutes, share …), described by columns
 * instead of written out by hand on every page. The measure columns format their numbers the same way
 * everywhere.
 */
import type { Child } from "hono/jsx";
import { formatInteger, formatMinutes, percent } from "../format.ts";

export interface Column<T> {
  /** The header cell's text. */
  label: Child;
  /** Class of the header and body cells: `number` aligns right, `wide-only` hides on a phone. */
  class?: string;
  /** The body cells' class, when it differs from the header's. */
  cellClass?: string;
  /** The body cell names its row (`<th scope="row">`). */
  rowHeader?: boolean;
  cell: (row: T, index: number) => Child;
}

export function DataTable<T>(
  { columns, rows, rowClass }: {
    columns: (Column<T> | false | undefined)[];
    rows: T[];
    /** A class for a body row (e.g. `total`). */
    rowClass?: (row: T) => string | undefined;
  },
) {
  const shown = columns.filter((column): column is Column<T> => Boolean(column));
  return (
    <table>
      <thead>
        <tr>
          {shown.map((column) => <th scope="col" {...classOf(column.class)}>{column.label}</th>)}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr {...classOf(rowClass?.(row))}>
            {shown.map((column) =>
              column.rowHeader
                ? (
                  <th scope="row" {...classOf(column.cellClass ?? column.class)}>
                    {column.cell(row, index)}
                  </th>
                )
                : <td {...classOf(column.cellClass ?? column.class)}>{column.cell(row, index)}</td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The rank, counting from `first` (a later page of a ranking starts further down). */
export function rankColumn<T>({ first = 1, wideOnly = false }: { first?: number; wideOnly?: boolean } = {}) {
  return {
    label: "#",
    class: wideOnly ? "number wide-only" : "number",
    cell: (_row: T, index: number) => first + index,
  } satisfies Column<T>;
}

export function playsColumn<T extends { plays: number }>(label = "Plays"): Column<T> {
  return { label, class: "number", cell: (row) => formatInteger(row.plays) };
}

export function minutesColumn<T extends { minutes: number }>(): Column<T> {
  return { label: "Minutes", class: "number", cell: (row) => formatMinutes(row.minutes) };
}

export function shareColumn<T extends { share: number }>(): Column<T> {
  return { label: "Share", class: "number", cell: (row) => percent(row.share) };
}

/** A class attribute only when there is a class: `<td>`, never `<td class="">` or `<td >`. */
function classOf(name: string | undefined): { class?: string } {
  return name ? { class: name } : {};
}
