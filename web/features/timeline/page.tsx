/**
 * Timeline: hours per day, week or month for any period. Bars link to a closer view, and the years (and, within
 * a year, its months) are links too, so the range is brushed by following links.
 */
import { raw } from "hono/html";
import type { TimelineBucket, TimelineStep } from "./queries.ts";
import { timelineChart } from "./chart.ts";
import { formatHours, formatInteger } from "../../format.ts";
import type { ParsedPeriod } from "../../period.ts";

export interface TimelineProps {
  period: ParsedPeriod;
  step: TimelineStep;
  buckets: TimelineBucket[];
  years: number[];
  error?: string;
}

const STEPS: TimelineStep[] = ["day", "week", "month"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function TimelinePage({ period, step, buckets, years, error }: TimelineProps) {
  const total = buckets.reduce((sum, bucket) => sum + bucket.hours, 0);
  const busiest = buckets.reduce<TimelineBucket | undefined>(
    (best, bucket) => (!best || bucket.hours > best.hours ? bucket : best),
    undefined,
  );
  const year = /^(\d{4})/.exec(period.value)?.[1];
  return (
    <>
      <h1>Timeline</h1>
      <form method="get" action="/timeline" class="filters">
        <label>
          Period
          <input name="period" value={period.value} />
        </label>
        <label>
          Per
          <select name="step">
            {STEPS.map((option) => <option value={option} selected={option === step}>{option}</option>)}
          </select>
        </label>
        <button type="submit">Show</button>
      </form>
      <nav class="zoom" aria-label="Zoom">
        <a href="/timeline?period=all&step=month" aria-current={period.value === "all" ? "page" : undefined}>
          All time
        </a>
        {years.map((item) => (
          <a
            href={`/timeline?period=${item}&step=week`}
            aria-current={period.value === String(item) ? "page" : undefined}
          >
            {item}
          </a>
        ))}
      </nav>
      {year && period.value !== "all" && (
        <nav class="zoom" aria-label={`Months of ${year}`}>
          {MONTHS.map((name, i) => {
            const month = `${year}-${String(i + 1).padStart(2, "0")}`;
            return (
              <a
                href={`/timeline?period=${month}&step=day`}
                aria-current={period.value === month ? "page" : undefined}
              >
                {name}
              </a>
            );
          })}
        </nav>
      )}
      {error
        ? <p class="message message-error" role="alert">{error}</p>
        : buckets.length === 0
        ? <p>Nothing was played in {period.label}.</p>
        : (
          <>
            <p class="secondary">
              {period.label}: {formatHours(total)} hours in {formatInteger(buckets.length)} {step}
              {buckets.length === 1 ? "" : "s"} with plays ({formatHours(total / buckets.length)}{" "}
              hours on average); the most in {bucketLabel(busiest!.start, step)}{" "}
              ({formatHours(busiest!.hours)} h). Bars lead to a closer view.
            </p>
            <div class="chart-box">
              <div class="chart-wide">{raw(timelineChart(buckets, { step }))}</div>
              <div class="chart-narrow">{raw(timelineChart(buckets, { step, width: 380, height: 220 }))}</div>
            </div>
          </>
        )}
    </>
  );
}

/** "2025-12" for a month, "the week of 2025-01-20", "2025-01-20" for a day. */
function bucketLabel(start: string, step: TimelineStep): string {
  return step === "month" ? start.slice(0, 7) : step === "week" ? `the week of ${start}` : start;
}
