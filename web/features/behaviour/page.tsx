/**
 * How the music was played: skipped, shuffled, offline, incognito (per year and in total), on which platforms,
 * and why plays started and ended. Music only; podcasts have their own page.
 */
import { raw } from "hono/html";
import { labelledSharesChart } from "../../charts/labelled_shares.ts";
import { DataTable, minutesColumn, playsColumn, shareColumn } from "../../components/data_table.tsx";
import { PeriodFilter } from "../../components/period_filter.tsx";
import { formatInteger, percent } from "../../format.ts";
import type { ParsedPeriod } from "../../period.ts";
import type { BehaviourYear, LabelledMinutes } from "./queries.ts";

export interface BehaviourProps {
  period: ParsedPeriod;
  /** The period's figures; absent when the period could not be read. */
  data?: {
    years: BehaviourYear[];
    platforms: LabelledMinutes[];
    starts: LabelledMinutes[];
    ends: LabelledMinutes[];
  };
  error?: string;
}

const FLAGS = [
  ["skipped", "Skipped"],
  ["shuffle", "On shuffle"],
  ["offline", "Offline"],
  ["incognito", "Incognito"],
] as const;

export function BehaviourPage({ period, data, error }: BehaviourProps) {
  const { years = [], platforms = [], starts = [], ends = [] } = data ?? {};
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
    <DataTable
      rows={rows}
      columns={[{ label, cell: (row) => row.label }, playsColumn(), minutesColumn(), shareColumn()]}
    />
  );
}
