/** Geography: the period's music by the artists' country of origin, as a world map and a table beside it. */
import { raw } from "hono/html";
import type { CountryMinutes, EnrichedShare } from "../../warehouse/queries.ts";
import { worldMapChart } from "../charts/world_map.ts";
import type { ParsedPeriod } from "../period.ts";
import { formatMinutes, percent } from "../format.ts";
import { EnrichmentNote } from "./enrichment_note.tsx";
import { PeriodFilter } from "./period_filter.tsx";

export interface GeographyProps {
  period: ParsedPeriod;
  coverage: EnrichedShare;
  countries: CountryMinutes[];
  error?: string;
}

export function GeographyPage({ period, coverage, countries, error }: GeographyProps) {
  const regions = new Map<string, number>();
  for (const country of countries) {
    const region = country.region ?? "Elsewhere";
    regions.set(region, (regions.get(region) ?? 0) + country.share);
  }
  return (
    <>
      <h1>Geography</h1>
      <PeriodFilter action="/geography" period={period} />
      {error ? <p class="message message-error" role="alert">{error}</p> : (
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
                  <table>
                    <thead>
                      <tr>
                        <th scope="col" class="number wide-only">#</th>
                        <th scope="col">Country</th>
                        <th scope="col" class="number wide-only">Artists</th>
                        <th scope="col" class="number">Minutes</th>
                        <th scope="col" class="number">Share</th>
                        <th scope="col">Most listened</th>
                      </tr>
                    </thead>
                    <tbody>
                      {countries.map((country, index) => (
                        <tr>
                          <td class="number wide-only">{index + 1}</td>
                          <td class="word">{country.name}</td>
                          <td class="number wide-only">{country.artists}</td>
                          <td class="number">{formatMinutes(country.minutes)}</td>
                          <td class="number">{percent(country.share)}</td>
                          <td>{country.topArtist}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
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
