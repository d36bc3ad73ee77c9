/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week) in UTC, as Deno.cron reads them:
 * `*`, numbers, ranges `a-b`, steps `*\/n` and `a-b/n`, and lists `a,b`. Deno.cron fires the jobs; this tells
 * when a job last *should* have run, so a run missed while the NAS was off can be made up at start-up.
 */

export class CronError extends Error {}

export interface CronSchedule {
  readonly expression: string;
  matches(date: Date): boolean;
  /** The latest matching minute at or before `date`, or undefined if none within ~4 years. */
  previous(date: Date): Date | undefined;
}

const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day of week", min: 0, max: 7 },
] as const;

export function parseCron(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) {
    throw new CronError(
      `"${expression}" is not a cron expression: it needs 5 fields, it has ${parts.length}`,
    );
  }
  const [minutes, hours, days, months, weekdays] = parts.map((part, i) =>
    parseField(part, FIELDS[i], expression)
  );
  if (weekdays.has(7)) weekdays.add(0); // 7 is Sunday too
  const dayRestricted = parts[2] !== "*";
  const weekdayRestricted = parts[4] !== "*";
  const dayMatches = (date: Date) => {
    const inMonth = days.has(date.getUTCDate());
    const inWeek = weekdays.has(date.getUTCDay());
    // Classic cron: when both are restricted, either one matching is enough.
    return dayRestricted && weekdayRestricted ? inMonth || inWeek : inMonth && inWeek;
  };
  const matches = (date: Date) =>
    minutes.has(date.getUTCMinutes()) && hours.has(date.getUTCHours()) &&
    months.has(date.getUTCMonth() + 1) &&
    dayMatches(date);
  return {
    expression,
    matches,
    previous(date: Date): Date | undefined {
      const t = new Date(date);
      t.setUTCSeconds(0, 0);
      const limit = date.getTime() - 4 * 366 * 86_400_000;
      while (t.getTime() >= limit) {
        if (!months.has(t.getUTCMonth() + 1)) {
          t.setUTCDate(0); // last day of the previous month
          t.setUTCHours(23, 59);
        } else if (!dayMatches(t)) {
          t.setUTCDate(t.getUTCDate() - 1);
          t.setUTCHours(23, 59);
        } else if (!hours.has(t.getUTCHours())) {
          t.setUTCHours(t.getUTCHours() - 1, 59);
        } else if (!minutes.has(t.getUTCMinutes())) {
          t.setUTCMinutes(t.getUTCMinutes() - 1);
        } else {
          return t;
        }
      }
      return undefined;
    },
  };
}

function parseField(text: string, field: typeof FIELDS[number], expression: string): Set<number> {
  const values = new Set<number>();
  const fail = (why: string) => new CronError(`"${expression}": ${field.name} "${text}" ${why}`);
  for (const item of text.split(",")) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (!match) throw fail("is not a number, range, list or step");
    const [, , from, to, step] = match;
    const start = from === undefined ? field.min : Number(from);
    const end = from === undefined ? field.max : to === undefined ? (step ? field.max : start) : Number(to);
    const stride = step === undefined ? 1 : Number(step);
    if (start < field.min || end > field.max || start > end) {
      throw fail(`must be within ${field.min}-${field.max}`);
    }
    if (stride < 1) throw fail("has a step below 1");
    for (let value = start; value <= end; value += stride) values.add(value);
  }
  return values;
}
