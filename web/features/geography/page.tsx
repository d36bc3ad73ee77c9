/** Geography: the period's music by the artists' country of origin, as a world map and a table beside it. */
import { raw } from "hono/html";
import { DataTable, minutesColumn, rankColumn, shareColumn } from "../../components/data_table.tsx";
import { EnrichmentNote } from "../../components/enrichment_note.tsx";
import { PeriodFilter } from "../../components/period_filter.tsx";
import { percent } from "../../format.ts";
import type { ParsedPeriod } from "../../period.ts";
import type { EnrichedShare } from "../genres/queries.ts";
import { worldMapChart } from "./map_chart.ts";
import type { CountryMinutes } from "./queries.ts";

export interface GeographyProps {
  period: ParsedPeriod;
  /** The period's countries; absent when the period could not be read. */
  data?: { coverage: EnrichedShare; countries: CountryMinutes[] };
  error?: string;
}

export function GeographyPage({ period, data, error }: GeographyProps) {
  const { coverage, countries } = data ?? { countries: [] };
  const regions = new Map<string, number>();
  for (const country of countries) {
    const region = country.region ?? "Elsewhere";
    regions.set(region, (regions.get(region) ?? 0) + country.share);
  }
  return (
    <>
      <h1>Geography</h1>
      <PeriodFilter action="/geography" period={period} />
      {error || !coverage ? <p class="message message-error" role="alert">{error}</p> : (
        <>
          <EnrichmentNote
            period={period}
            musicMinutes={coverage.musicMinutes}
            placedMinutes={coverage.withOriginMinutes}
            what="an artist with a known country"
          />
          {countries.length > 0 && (
            <>
              <section aria-labelledby="map-heading">
                <h2 id="map-heading">Where the artists come from</h2>
                <div class="chart-box">{raw(worldMapChart(countries))}</div>
              </section>
              <div class="columns">
                <section aria-labelledby="countries-heading">
                  <h2 id="countries-heading">Countries</h2>
                  <DataTable
                    rows={countries}
                    columns={[
                      rankColumn({ wideOnly: true }),
                      { label: "Country", cellClass: "word", cell: (country) => country.name },
                      { label: "Artists", class: "number wide-only", cell: (country) => country.artists },
                      minutesColumn(),
                      shareColumn(),
                      { label: "Most listened", cell: (country) => country.topArtist },
                    ]}
                  />
                </section>
                <section aria-labelledby="regions-heading">
                  <h2 id="regions-heading">Regions</h2>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Region</th>
                        <th scope="col" class="number">Share</th>
                      </tr>
                    </thead>
                    <tbody>
                      {[...regions].sort((a, b) => b[1] - a[1]).map(([region, share]) => (
                        <tr>
                          <td class="word">{region}</td>
                          <td class="number">{percent(share)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </section>
              </div>
            </>
          )}
        </>
      )}
    </>
  );
}
