/**
 * How the music was played: skipped, shuffled, offline, incognito (per year and in total), on which platforms,
 * and why plays started and ended. Music only; podcasts have their own page.
 */
import { raw } from "hono/html";
import type { BehaviourYear, LabelledMinutes } from "../../warehouse/queries.ts";
import { labelledSharesChart } from "../charts/labelled_shares.ts";
import { formatInteger, formatMinutes, percent } from "../format.ts";
import type { ParsedPeriod } from "../period.ts";
import { PeriodFilter } from "./period_filter.tsx";

export interface BehaviourProps {
  period: ParsedPeriod;
  years: BehaviourYear[];
  platforms: LabelledMinutes[];
  starts: LabelledMinutes[];
  ends: LabelledMinutes[];
  error?: string;
}

const FLAGS = [
  ["skipped", "Skipped"],
  ["shuffle", "On shuffle"],
  ["offline", "Offline"],
  ["incognito", "Incognito"],
] as const;

export function BehaviourPage({ period, years, platforms, starts, ends, error }: BehaviourProps) {
  const total = years.find((year) => year.year === 0);
  return (
    <>
      <h1>Listening behaviour</h1>
      <PeriodFilter action="/behaviour" period={period} />
      {error
        ? <p class="message message-error" role="alert">{error}</p>
        : !total
        ? <p>No music was played in {period.label}.</p>
        : (
          <>
            <p class="secondary">
              {formatInteger(total.plays)} music plays in{" "}
              {period.label}. Each share counts the plays whose export says; old exports (before 2017) do not
              say whether a play was skipped.
            </p>
            <section aria-labelledby="flags-heading">
              <h2 id="flags-heading">How the plays went</h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Year</th>
                    <th scope="col" class="number">Plays</th>
                    {FLAGS.map(([, label]) => <th scope="col" class="number">{label}</th>)}
                  </tr>
                </thead>
                <tbody>
                  {years.map((year) => (
                    <tr class={year.year === 0 ? "total" : undefined}>
                      <th scope="row">{year.year === 0 ? "All" : year.year}</th>
                      <td class="number">{formatInteger(year.plays)}</td>
                      {FLAGS.map(([flag]) => (
                        <td class="number">{year[flag] === null ? "–" : percent(year[flag])}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section aria-labelledby="platforms-heading">
              <h2 id="platforms-heading">Platforms</h2>
              <div class="columns">
                <div class="chart-box">{raw(labelledSharesChart(platforms, { title: "Platform" }))}</div>
                <LabelTable rows={platforms} label="Platform" />
              </div>
            </section>
            <div class="columns">
              <section aria-labelledby="starts-heading">
                <h2 id="starts-heading">Why plays started</h2>
                <LabelTable rows={starts} label="Reason" />
              </section>
              <section aria-labelledby="ends-heading">
                <h2 id="ends-heading">Why plays ended</h2>
                <LabelTable rows={ends} label="Reason" />
              </section>
            </div>
          </>
        )}
    </>
  );
}

function LabelTable({ rows, label }: { rows: LabelledMinutes[]; label: string }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{label}</th>
          <th scope="col" class="number">Plays</th>
          <th scope="col" class="number">Minutes</th>
          <th scope="col" class="number">Share</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr>
            <td>{row.label}</td>
            <td class="number">{formatInteger(row.plays)}</td>
            <td class="number">{formatMinutes(row.minutes)}</td>
            <td class="number">{percent(row.share)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
