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

/**
 * @param limitMs Sessions must start well before this (next year's start or the export cutoff).
 * @param reserveDays Days left empty at the end so that no session spills past `limitMs`.
 */
export function yearCalendar(
  rng: Random,
  year: number,
  limitMs: number,
  reserveDays: number,
  home: string,
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

export function sessionStartMs(rng: Random, calendar: YearCalendar): number {
  const day = rng.weighted(calendar.dayCumulative);
  const hours = calendar.weekend[day] ? WEEKEND_HOURS : WEEKDAY_HOURS;
  const wall = calendar.wallStartMs + day * DAY_MS + rng.weighted(hours) * HOUR_MS + rng.int(HOUR_MS);
  const winter = wall - HOUR_MS;
  const utc = winter >= calendar.dstFromMs && winter < calendar.dstUntilMs ? wall - 2 * HOUR_MS : winter;
  return Math.max(utc, calendar.startMs);
}

export function countryAt(calendar: YearCalendar, ms: number): string {
  for (const trip of calendar.trips) if (ms >= trip.fromMs && ms < trip.untilMs) return trip.country;
  return calendar.home;
}
