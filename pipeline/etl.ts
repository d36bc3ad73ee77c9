/** The daily ETL: rebuild every mart from raw, run the data tests, and checkpoint the warehouse file. */
import type { BuildSettings } from "../warehouse/build.ts";
import { buildMarts } from "../warehouse/build.ts";
import type { Job } from "./jobs.ts";

export function etlJob(settings: BuildSettings): Job {
  return {
    name: "etl",
    async run({ warehouse }) {
      await warehouse.transaction(() => buildMarts(warehouse, settings));
      // Folds the write-ahead log into the file and frees space left by the rebuilt tables.
      await warehouse.run("checkpoint");
      return { plays: await warehouse.value<number>("select count(*) from fct_play") };
    },
  };
}
