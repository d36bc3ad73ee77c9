/**
 * The period of a chart: an ISO week (`2023-W40`, Monday to Sunday) or a calendar month (`2023-10`), of local
 * dates (date_key). Bad values get a clear message (PeriodError), never a 500. Dates are worked out in UTC
 * arithmetic on calendar days, so no time zone moves a day.
 */
import { PeriodError } from "../../period.ts";

export type ChartEvery = "week" | "month";

export interface ChartPeriod {
  every: ChartEvery;
  /** As in the URL: `2023-W40` or `2023-10`. */
  value: string;
  /** For people: "Week 40 of 2023" or "October 2023". */
  label: string;
  /** The days, for people: "2 – 8 Oct 2023", or "1 – 31 Oct 2023". */
  days: string;
  /** First and last local day, as date_key (yyyymmdd). */
  fromKey: number;
  toKey: number;
}

const DAY_MS = 86_400_000;
/** Longer than any period value: a longer one is refused without being read. */
const MAX_LENGTH = 16;

/** Reads `2023-W40` or `2023-10`; throws PeriodError saying what is wrong. */
export function parseChartPeriod(raw: string): ChartPeriod {
  const value = raw.trim();
  if (value.length > MAX_LENGTH) {
    throw new PeriodError(
      `"${value.slice(0, MAX_LENGTH)}…" is not a chart period: use a week (2023-W40) or a month (2023-10)`,
    );
  }
  let match = /^(\d{4})-W(\d{2})$/i.exec(value);
  if (match) {
    const [year, week] = [Number(match[1]), Number(match[2])];
    if (year < 1000) throw new PeriodError(`"${value}" is not a week: the year ${year} is too early`);
    const weeks = isoWeeksIn(year);
    if (week < 1 || week > weeks) {
      throw new PeriodError(`"${value}" is not a week: ${year} has ISO weeks 1 to ${weeks}`);
    }
    return weekPeriod(year, week);
  }
  match = /^(\d{4})-(\d{2})$/.exec(value);
  if (match) {
    const [year, month] = [Number(match[1]), Number(match[2])];
    if (year < 1000) throw new PeriodError(`"${value}" is not a month: the year ${year} is too early`);
    if (month < 1 || month > 12) throw new PeriodError(`"${value}" has no month ${month}`);
    return monthPeriod(year, month);
  }
  throw new PeriodError(`"${value}" is not a chart period: use a week (2023-W40) or a month (2023-10)`);
}

/** The week or month of `every` that holds the local day `dateKey`. */
export function chartPeriodOf(every: ChartEvery, dateKey: number): ChartPeriod {
  const day = fromDateKey(dateKey);
  if (every === "month") return monthPeriod(day.getUTCFullYear(), day.getUTCMonth() + 1);
  const { year, week } = isoWeekOf(day);
  return weekPeriod(year, week);
}

/** The period `steps` periods of the same kind later (negative: earlier). */
export function shiftChartPeriod(period: ChartPeriod, steps: number): ChartPeriod {
  const start = fromDateKey(period.fromKey);
  if (period.every === "week") return chartPeriodOf("week", toDateKey(addDays(start, 7 * steps)));
  const month = start.getUTCFullYear() * 12 + start.getUTCMonth() + steps;
  return monthPeriod(Math.floor(month / 12), (month % 12) + 1);
}

/**
 * The same stretch of time as the other kind: a week's month is the one holding its Thursday (where ISO puts
 * it); a month's week is the one holding its first Thursday (the week with the 4th).
 */
export function switchChartPeriod(period: ChartPeriod): ChartPeriod {
  if (period.every === "week") {
    return chartPeriodOf("month", toDateKey(addDays(fromDateKey(period.fromKey), 3)));
  }
  return chartPeriodOf("week", period.fromKey + 3);
}

/** The date_key of the Monday that starts the week holding `dateKey`. */
export function weekStartKey(dateKey: number): number {
  return chartPeriodOf("week", dateKey).fromKey;
}

function weekPeriod(year: number, week: number): ChartPeriod {
  const start = addDays(mondayOfWeekOne(year), (week - 1) * 7);
  const end = addDays(start, 6);
  return {
    every: "week",
    value: `${year}-W${String(week).padStart(2, "0")}`,
    label: `Week ${week} of ${year}`,
    days: dayRange(start, end),
    fromKey: toDateKey(start),
    toKey: toDateKey(end),
  };
}

function monthPeriod(year: number, month: number): ChartPeriod {
  const start = utcDay(year, month - 1, 1);
  const end = utcDay(year, month, 0);
  return {
    every: "month",
    value: `${year}-${String(month).padStart(2, "0")}`,
    label: start.toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }),
    days: dayRange(start, end),
    fromKey: toDateKey(start),
    toKey: toDateKey(end),
  };
}

/** "2 – 8 Oct 2023", "29 Jan – 4 Feb 2024", "30 Dec 2024 – 5 Jan 2025". */
function dayRange(start: Date, end: Date): string {
  const format = (date: Date, parts: Intl.DateTimeFormatOptions) =>
    date.toLocaleDateString("en-GB", { ...parts, timeZone: "UTC" });
  const last = format(end, { day: "numeric", month: "short", year: "numeric" });
  if (start.getUTCFullYear() !== end.getUTCFullYear()) {
    return `${format(start, { day: "numeric", month: "short", year: "numeric" })} – ${last}`;
  }
  if (start.getUTCMonth() !== end.getUTCMonth()) {
    return `${format(start, { day: "numeric", month: "short" })} – ${last}`;
  }
  return `${start.getUTCDate()} – ${last}`;
}

/** A calendar day at UTC midnight; `setUTCFullYear` keeps years below 100 as they are. */
function utcDay(year: number, monthIndex: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date;
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

function toDateKey(date: Date): number {
  return date.getUTCFullYear() * 10_000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
}

function fromDateKey(key: number): Date {
  return utcDay(Math.floor(key / 10_000), Math.floor(key / 100) % 100 - 1, key % 100);
}

/** 1 = Monday … 7 = Sunday. */
function isoDay(date: Date): number {
  return date.getUTCDay() || 7;
}

/** The Monday of ISO week 1: the week that holds 4 January. */
function mondayOfWeekOne(year: number): Date {
  const fourth = utcDay(year, 0, 4);
  return addDays(fourth, 1 - isoDay(fourth));
}

/** 53 when 28 December (always in the last week) falls in week 53, else 52. */
function isoWeeksIn(year: number): number {
  return isoWeekOf(utcDay(year, 11, 28)).week;
}

function isoWeekOf(date: Date): { year: number; week: number } {
  // The week belongs to the year of its Thursday.
  const thursday = addDays(date, 4 - isoDay(date));
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - mondayOfWeekOne(year).getTime()) / (7 * DAY_MS)) + 1;
  return { year, week };
}
