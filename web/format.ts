/** Numbers as the pages show them (English grouping, one decimal for shares). */

/** 0.8751 → "87.5 %". */
export function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

/** Whole minutes with thousands separators: 12345.6 → "12,346". */
export function formatMinutes(minutes: number): string {
  return formatInteger(Math.round(minutes));
}

export function formatInteger(value: number): string {
  return value.toLocaleString("en-US");
}

/** Hours with one decimal and thousands separators: 1524.61 → "1,524.6". */
export function formatHours(hours: number): string {
  return hours.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** A moment's local date as yyyy-mm-dd, or "—". */
export function formatDate(value: Date | null, timezone: string): string {
  if (!value) return "—";
  return value.toLocaleDateString("en-CA", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
}
