/**
 * The period filter every page shares, as one URL value: `all`, a year `2024`, a month `2024-05`, or a range
 * `2024-05-01..2024-08-31` (local dates, both ends included). Bad values get a clear message, never a 500.
 */
export interface ParsedPeriod {
  /** What the URL says, normalised. */
  value: string;
  /** For people: "all time", "2024", "May 2024", "2024-05-01 to 2024-08-31". */
  label: string;
  fromKey: number;
  toKey: number;
}

/** A local date range as date_key bounds (yyyymmdd, both ends included): what the queries read. */
export type Period = Pick<ParsedPeriod, "fromKey" | "toKey">;

export class PeriodError extends Error {}

export function parsePeriod(raw: string | undefined): ParsedPeriod {
  const value = (raw ?? "all").trim() || "all";
  if (value === "all") return { value, label: "all time", fromKey: 0, toKey: 99_991_231 };
  let match = /^(\d{4})$/.exec(value);
  if (match) {
    const year = Number(match[1]);
    return { value, label: String(year), fromKey: year * 10_000 + 101, toKey: year * 10_000 + 1231 };
  }
  match = /^(\d{4})-(\d{2})$/.exec(value);
  if (match) {
    const [year, month] = [Number(match[1]), Number(match[2])];
    if (month < 1 || month > 12) throw new PeriodError(`"${value}" has no month ${month}`);
    const label = new Date(Date.UTC(year, month - 1, 1)).toLocaleDateString("en-GB", {
      month: "long",
      year: "numeric",
      timeZone: "UTC",
    });
    return {
      value,
      label,
      fromKey: year * 10_000 + month * 100 + 1,
      toKey: year * 10_000 + month * 100 + 31,
    };
  }
  match = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(value);
  if (match) {
    const [from, to] = [dateKey(match[1]), dateKey(match[2])];
    if (from > to) throw new PeriodError(`The period ${value} ends before it starts`);
    return { value, label: `${match[1]} to ${match[2]}`, fromKey: from, toKey: to };
  }
  throw new PeriodError(
    `"${value}" is not a period: use all, a year (2024), a month (2024-05) or a range (2024-05-01..2024-08-31)`,
  );
}

function dateKey(text: string): number {
  const [year, month, day] = text.split("-").map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new PeriodError(`${text} is not a date`);
  }
  return year * 10_000 + month * 100 + day;
}
