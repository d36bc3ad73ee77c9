/** `build`: rebuilds the marts from the raw tables, runs the data tests and checkpoints, as a job run. */
import { buildSettings } from "../config.ts";
import { etlJob } from "../pipeline/jobs/etl.ts";
import { defineCommand } from "./command.ts";
import { runJob, withWarehouse } from "./shared.ts";

export const buildCommand = defineCommand({
  name: "build",
  usage: "build",
  summary: ["Rebuild the marts from the raw tables, run the data tests, checkpoint."],
  options: {},
  async run(_args, config) {
    const started = performance.now();
    const counts = await withWarehouse(
      config,
      (warehouse) => runJob(warehouse, { job: etlJob(buildSettings(config)), what: "The build" }),
    );
    console.log(
      `Built the marts: ${counts.plays} plays, all data tests passed (${
        Math.round(performance.now() - started)
      } ms)`,
    );
    return 0;
  },
});
