/**
 * The calendar of a year of listening: which days and hours are busy, trips abroad, and session start times.
 * The rhythm follows the listener's local time (Central European, with summer time); times are stored in UTC.
 */
import { cumulate, type Random } from "./random.ts";
import { DAY_MS, HOUR_MS } from "./time.ts";

/** Weight of each local hour on weekdays: commute, little at 3–6 am, heavy evenings. */
// deno-fmt-ignore
const WEEKDAY_HOURS = cumulate([
  0.6, 0.3, 0.15, 0.05, 0.04, 0.06, 0.35, 0.9, 1.0, 0.6, 0.5, 0.5, 0.7, 0.6, 0.5, 0.6, 0.8, 1.1, 1.3, 1.6,
  1.8, 1.7, 1.3, 0.9,
]);
/** Weekends: late mornings, heavy afternoons and evenings. */
// deno-fmt-ignore
const WEEKEND_HOURS = cumulate([
  0.9, 0.6, 0.3, 0.1, 0.05, 0.03, 0.05, 0.1, 0.3, 0.6, 1.0, 1.2, 1.3, 1.5, 1.7, 1.8, 1.7, 1.5, 1.4, 1.5,
  1.6, 1.5, 1.2, 1.0,
]);
/** Sunday first, as `Date#getUTCDay`. */
const WEEKDAY_WEIGHTS = [1.25, 0.95, 0.95, 1.0, 1.0, 1.1, 1.35];
const TRIP_COUNTRIES = ["FR", "ES", "IT", "PT", "GB", "US", "JP", "GR", "HR", "SE", "AT", "DK", "CZ", "PL"];

interface Trip {
  fromMs: number;
  untilMs: number;
  country: string;
}

/** One year's listening calendar, for drawing session starts. */
export interface YearCalendar {
  year: number;
  /** Earliest allowed session start (UTC). */
  startMs: number;
  /** Local midnight of Jan 1, as a wall-clock timestamp. */
  wallStartMs: number;
  dayCumulative: Float64Array;
  weekend: Uint8Array;
  dstFromMs: number;
  dstUntilMs: number;
  trips: Trip[];
  home: string;
}

function lastSundayUtc(year: number, month: number): number {
  const last = Date.UTC(year, month + 1, 0);
  return last - new Date(last).getUTCDay() * DAY_MS;
}

/** Options of {@linkcode yearCalendar}. */
export interface YearCalendarOptions {
  year: number;
  /** Sessions must start well before this (next year's start or the export cutoff). */
  limitMs: number;
  /** Days left empty at the end so that no session spills past `limitMs`. */
  reserveDays: number;
  /** Country of the listener's home that year. */
  home: string;
}

/** The busy days, trips and summer time of one year; draws the trips and day weights from `rng`. */
export function yearCalendar(
  rng: Random,
  { year, limitMs, reserveDays, home }: YearCalendarOptions,
): YearCalendar {
  const startMs = Date.UTC(year, 0, 1);
  const days = Math.max(1, Math.floor((limitMs - startMs) / DAY_MS) - reserveDays);
  const weights = new Float64Array(days);
  const weekend = new Uint8Array(days);
  const trips: Trip[] = [];
  const tripCount = rng.int(3);
  const tripDays: [number, number][] = [];
  for (let t = 0; t < tripCount; t++) {
    const first = rng.int(days);
    const last = Math.min(days - 1, first + rng.between(3, 13));
    tripDays.push([first, last]);
    trips.push({
      fromMs: startMs + first * DAY_MS,
      untilMs: startMs + (last + 1) * DAY_MS,
      country: rng.pick(TRIP_COUNTRIES),
    });
  }
  for (let d = 0; d < days; d++) {
    const weekday = new Date(startMs + d * DAY_MS).getUTCDay();
    weekend[d] = weekday === 0 || weekday === 6 ? 1 : 0;
    const season = 1 + 0.12 * Math.cos((2 * Math.PI * (d - 15)) / 365);
    const away = tripDays.some(([a, b]) => d >= a && d <= b) ? 0.5 : 1;
    weights[d] = WEEKDAY_WEIGHTS[weekday] * season * away * (0.6 + 0.8 * rng.float());
  }
  return {
    year,
    startMs,
    wallStartMs: startMs,
    dayCumulative: cumulate(weights),
    weekend,
    dstFromMs: lastSundayUtc(year, 2) + HOUR_MS,
    dstUntilMs: lastSundayUtc(year, 9) + HOUR_MS,
    trips,
    home,
  };
}

/** A session start (UTC): a busy day, a busy local hour on it, converted with the year's summer time. */
export function sessionStartMs(rng: Random, calendar: YearCalendar): number {
  const day = rng.weighted(calendar.dayCumulative);
  const hours = calendar.weekend[day] ? WEEKEND_HOURS : WEEKDAY_HOURS;
  const wall = calendar.wallStartMs + day * DAY_MS + rng.weighted(hours) * HOUR_MS + rng.int(HOUR_MS);
  const winter = wall - HOUR_MS;
  const utc = winter >= calendar.dstFromMs && winter < calendar.dstUntilMs ? wall - 2 * HOUR_MS : winter;
  return Math.max(utc, calendar.startMs);
}

/** `conn_country` at `ms`: the trip's country while away, else home. */
export function countryAt(calendar: YearCalendar, ms: number): string {
  for (const trip of calendar.trips) if (ms >= trip.fromMs && ms < trip.untilMs) return trip.country;
  return calendar.home;
}
