/**
 * `enrich`: looks up tracks, albums and artists at Spotify and MusicBrainz until done or `--minutes` pass, as a
 * job run; `--status` prints the coverage and what is left, from the warehouse or the running server.
 */
import { enrichOptions } from "../config.ts";
import { UsageError } from "../lib/errors.ts";
import { type EnrichmentCoverage, enrichmentCoverage } from "../warehouse/state/enrichment.ts";
import { enrichJob } from "../pipeline/enrich/mod.ts";
import { defineCommand } from "./command.ts";
import { readOrAskServer, runJob, seedSpotify, withWarehouse } from "./shared.ts";

export const enrichCommand = defineCommand({
  name: "enrich",
  usage: "enrich",
  summary: [
    "Look up tracks, albums and artists at Spotify and MusicBrainz (genres, origin,",
    "durations), most listened first, until done; resumable. --minutes N (stop after),",
    "--status (coverage and what is left, change nothing)",
  ],
  options: {
    minutes: { type: "string" },
    status: { type: "boolean", default: false },
  },
  async run({ values }, config) {
    if (values.status) {
      const coverage = await readOrAskServer<EnrichmentCoverage>(config, {
        read: enrichmentCoverage,
        path: "/api/enrichment",
      });
      console.log(formatCoverage(coverage));
      return 0;
    }
    const minutes = values.minutes === undefined ? undefined : Number(values.minutes);
    if (minutes !== undefined && (!Number.isInteger(minutes) || minutes < 1)) {
      throw new UsageError(`--minutes must be a whole number of minutes, got "${values.minutes}"`);
    }
    await withWarehouse(config, async (warehouse) => {
      await seedSpotify(warehouse, config);
      console.error(
        `Enriching${
          minutes ? ` for at most ${minutes} min` : " until done"
        }: MusicBrainz allows one request ` +
          "per second, so a long history takes hours the first time. Stop any time; the next run resumes.",
      );
      const counts = await runJob(warehouse, {
        job: enrichJob(enrichOptions(config, minutes)),
        what: "Enrichment",
      }) as Record<string, string | number>;
      for (const [name, lane] of [["Spotify", "spotify"], ["MusicBrainz", "musicbrainz"]]) {
        const stopped = counts[`${lane}_stopped`];
        console.log(
          `${name}: ${counts[`${lane}_answers`]} answer(s), ${counts[`${lane}_unknown`]} unknown, ` +
            `${counts[`${lane}_failed`]} failed${stopped ? ` (${stopped})` : ""}`,
        );
      }
      console.log(formatCoverage(await enrichmentCoverage(warehouse)));
    });
    return 0;
  },
});

/** Enrichment's coverage for a person: listening time placed, what is left, the last run and error. */
export function formatCoverage(coverage: EnrichmentCoverage): string {
  const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
  const pending = (count: number | null) => count === null ? "unknown until the first run" : String(count);
  return [
    `Listening time with a genre:          ${percent(coverage.withGenre)}`,
    `Listening time with an origin country: ${percent(coverage.withOrigin)}`,
    `Listening time with a track duration: ${percent(coverage.withDuration)}`,
    `Left to look up at Spotify:           ${pending(coverage.pendingSpotify)}`,
    `Artists left for MusicBrainz:         ${pending(coverage.pendingMusicBrainz)}`,
    `Last run:                             ${
      coverage.lastRunAt ? new Date(coverage.lastRunAt).toISOString() : "never"
    }`,
    `Last error:                           ${
      coverage.lastError
        ? `${coverage.lastError.service}, ${
          new Date(coverage.lastError.at).toISOString()
        }: ${coverage.lastError.error}`
        : "none"
    }`,
  ].join("\n");
}
