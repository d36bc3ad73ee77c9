/** Renders a query result as an aligned text table, CSV (RFC 4180) or JSON (an array of row objects). */
export type OutputFormat = "table" | "csv" | "json";

export interface TableResult {
  columns: string[];
  rows: unknown[][];
}

export function formatTable({ columns, rows }: TableResult, format: OutputFormat): string {
  if (format === "json") {
    const objects = rows.map((row) =>
      Object.fromEntries(columns.map((column, i) => [column, jsonValue(row[i])]))
    );
    return JSON.stringify(objects, null, 2);
  }
  if (format === "csv") {
    return [columns, ...rows.map((row) => row.map(textValue))].map((line) => line.map(csvField).join(","))
      .join(
        "\n",
      );
  }
  const cells = rows.map((row) => row.map(textValue));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[]) => values.map((value, i) => value.padEnd(widths[i])).join(" | ").trimEnd();
  const footer = `(${rows.length} row${rows.length === 1 ? "" : "s"})`;
  return [line(columns), widths.map((width) => "-".repeat(width)).join("-+-"), ...cells.map(line), footer]
    .join("\n");
}

function textValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(jsonValue(value));
  return String(value);
}

function jsonValue(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(jsonValue);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, jsonValue(inner)]));
  }
  return value;
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
