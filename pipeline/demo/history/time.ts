/**
 * Units of time and the dates that shape the whole export: the years it may span, the date it was made, and
 * when each format era begins. Several modules share them, so they live in one place.
 */

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;
/** The synthetic export's date unless `exportDate` says otherwise: no play ends on or after it. */
export const EXPORT_CUTOFF_MS = Date.UTC(2026, 9, 31);
/** The catalogue's artists are discovered up to this year (the catalogue depends on the seed alone). */
export const LAST_YEAR = 2026;
export const FIRST_ALLOWED_YEAR = 2000;
export const FIRST_NEW_FORMAT_YEAR = 2017;
export const FIRST_PODCAST_YEAR = 2015;
export const FIRST_VIDEO_YEAR = 2020;
// Exports made since 2025 carry the audiobook keys on recent rows too (null unless an audiobook played).
export const AUDIOBOOK_KEYS_FROM_MS = Date.UTC(2021, 0, 1);
