/** When you listen: weekday × hour heatmap, day parts on weekdays and weekends, in the configured time zone. */
import { raw } from "hono/html";
import type { DayPartShare, HourWeekdayCell, SeasonMinutes } from "./queries.ts";
import { hourByWeekdayChart } from "./chart.ts";
import { formatInteger, formatMinutes, percent } from "../../format.ts";
import type { ParsedPeriod } from "../../period.ts";
import { PeriodFilter } from "../../components/period_filter.tsx";

export interface TimePatternsProps {
  period: ParsedPeriod;
  timezone: string;
  cells: HourWeekdayCell[];
  parts: DayPartShare[];
  seasons: SeasonMinutes[];
  error?: string;
}

const PARTS = ["night", "morning", "afternoon", "evening"];

export function TimePatternsPage({ period, timezone, cells, parts, seasons, error }: TimePatternsProps) {
  const seasonTotal = seasons.reduce((sum, season) => sum + season.minutes, 0);
  const total = parts.reduce((sum, part) => sum + part.minutes, 0);
  const share = (weekend: boolean, part: string) => {
    const minutes = parts.find((item) => item.weekend === weekend && item.dayPart === part)?.minutes ?? 0;
    return total > 0 ? percent(minutes / total) : "–";
  };
  return (
    <>
      <h1>Time patterns</h1>
      <PeriodFilter action="/time" period={period} />
      {error ? <p class="message message-error" role="alert">{error}</p> : (
        <>
          <p class="secondary">
            {period.label}, local time in {timezone}{" "}
            (hours 0–5 are night, 6–11 morning, 12–17 afternoon, 18–23 evening).
          </p>
          <section aria-labelledby="heatmap-heading">
            <h2 id="heatmap-heading">Weekday and hour</h2>
            <div class="chart-box">
              <div class="chart-wide">{raw(hourByWeekdayChart(cells))}</div>
              <div class="chart-narrow">{raw(hourByWeekdayChart(cells, { width: 380 }))}</div>
            </div>
          </section>
          <section aria-labelledby="parts-heading">
            <h2 id="parts-heading">Share of listening by day part</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col"></th>
                  {PARTS.map((part) => <th scope="col" class="number">{part}</th>)}
                </tr>
              </thead>
              <tbody>
                {[false, true].map((weekend) => (
                  <tr>
                    <th scope="row">{weekend ? "Weekends" : "Weekdays"}</th>
                    {PARTS.map((part) => <td class="number">{share(weekend, part)}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section aria-labelledby="seasons-heading">
            <h2 id="seasons-heading">Seasons</h2>
            <p class="secondary">
              Meteorological seasons of the northern hemisphere: winter is December to February.
            </p>
            <table>
              <thead>
                <tr>
                  <th scope="col">Season</th>
                  <th scope="col" class="number">Days with plays</th>
                  <th scope="col" class="number">Minutes</th>
                  <th scope="col" class="number">Minutes a day</th>
                  <th scope="col" class="number">Share</th>
                </tr>
              </thead>
              <tbody>
                {seasons.map((season) => (
                  <tr>
                    <th scope="row">{season.season}</th>
                    <td class="number">{formatInteger(season.days)}</td>
                    <td class="number">{formatMinutes(season.minutes)}</td>
                    <td class="number">{formatMinutes(season.minutes / season.days)}</td>
                    <td class="number">{percent(season.minutes / seasonTotal)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </>
  );
}
