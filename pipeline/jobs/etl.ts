/**
 * The daily ETL: enrich for at most ENRICH_MAX_MINUTES (when given enrichment options), then rebuild every mart
 * from raw, run the data tests, and checkpoint the warehouse file. A failed enrichment (a service down) is
 * logged and recorded, and the rebuild goes on: yesterday's answers stay cached.
 */
import type { BuildSettings } from "../../warehouse/build.ts";
import { buildMarts } from "../../warehouse/build.ts";
import { enrich, type EnrichOptions, laneCounts } from "../enrich/mod.ts";
import type { Job } from "./runner.ts";

export function etlJob(settings: BuildSettings, enrichment?: EnrichOptions): Job {
  return {
    name: "etl",
    async run({ warehouse, logger }) {
      const counts: Record<string, unknown> = {};
      if (enrichment) {
        try {
          const { spotify, musicbrainz } = await enrich(
            warehouse,
            logger.with({ step: "enrich" }),
            enrichment,
          );
          Object.assign(counts, laneCounts("spotify", spotify), laneCounts("musicbrainz", musicbrainz));
        } catch (error) {
          logger.error("enrichment failed; rebuilding with the answers cached so far", {
            error: String(error),
          });
          counts.enrich_error = (error as Error).message;
        }
      }
      await warehouse.transaction(() => buildMarts(warehouse, settings));
      // Folds the write-ahead log into the file and frees space left by the rebuilt tables.
      await warehouse.run("checkpoint");
      return { plays: await warehouse.value<number>("select count(*) from fct_play"), ...counts };
    },
  };
}
