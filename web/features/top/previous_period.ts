/**
 * The period Top compares a period with: the one just before it, of the same kind and length. A year's is the
 * year before, a month's the month before (January's is December of the year before), a range of N days the N
 * days that end the day before it starts (leap days counted as days). All time has none.
 */
import { type ParsedPeriod, parsePeriod } from "../../period.ts";

const DAY_MS = 86_400_000;

/** The period just before `period` (see above), or undefined for all time and before the year 1. */
export function previousPeriod(period: ParsedPeriod): ParsedPeriod | undefined {
  const { value } = period;
  let match = /^(\d{4})$/.exec(value);
  if (match) {
    const year = Number(match[1]) - 1;
    return year < 1 ? undefined : parsePeriod(pad(year, 4));
  }
  match = /^(\d{4})-(\d{2})$/.exec(value);
  if (match) {
    const [year, month] = [Number(match[1]), Number(match[2])];
    const [previousYear, previousMonth] = month === 1 ? [year - 1, 12] : [year, month - 1];
    return previousYear < 1 ? undefined : parsePeriod(`${pad(previousYear, 4)}-${pad(previousMonth, 2)}`);
  }
  if (value.includes("..")) {
    const from = dateOf(period.fromKey);
    const days = Math.round((dateOf(period.toKey).getTime() - from.getTime()) / DAY_MS) + 1;
    const start = new Date(from.getTime() - days * DAY_MS);
    const end = new Date(from.getTime() - DAY_MS);
    if (start.getUTCFullYear() < 1) return undefined;
    const [fromText, toText] = [isoDate(start), isoDate(end)];
    return {
      value: `${fromText}..${toText}`,
      label: `${fromText} to ${toText}`,
      fromKey: keyOf(start),
      toKey: keyOf(end),
    };
  }
  return undefined; // all time
}

/** How long a period is, for people: "year", "month" or "10 days". */
export function periodLength(period: ParsedPeriod): string {
  if (/^\d{4}$/.test(period.value)) return "year";
  if (/^\d{4}-\d{2}$/.test(period.value)) return "month";
  const days = Math.round((dateOf(period.toKey).getTime() - dateOf(period.fromKey).getTime()) / DAY_MS) + 1;
  return days === 1 ? "day" : `${days} days`;
}

/** A date_key (yyyymmdd) as a UTC midnight; setUTCFullYear keeps the years 1-99 (Date.UTC would add 1900). */
function dateOf(key: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(Math.floor(key / 10_000), Math.floor(key / 100) % 100 - 1, key % 100);
  return date;
}

function keyOf(date: Date): number {
  return date.getUTCFullYear() * 10_000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
}

function isoDate(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

function pad(value: number, digits: number): string {
  return String(value).padStart(digits, "0");
}
