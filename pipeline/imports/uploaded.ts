/**
 * What the Import page's uploads (web/features/import/uploads.ts, its ImportRunner) need from the pipeline: a
 * dry run on the user's own warehouse, and the import run by the job runner (so it never overlaps a scheduled
 * job), exactly like the CLI's. The user and settings are the ones in use when each import runs.
 */
import type { BuildSettings } from "../../warehouse/build.ts";
import type { WarehouseSwitch } from "../demo/warehouse_switch.ts";
import type { JobRunner } from "../jobs/runner.ts";
import { importExports, type ImportReport } from "./import_exports.ts";

export type UploadResult = { status: "succeeded"; report: ImportReport } | {
  status: "failed" | "skipped";
  error?: string;
};

export function uploadedImports(
  options: () => { user: string; settings: BuildSettings },
  { warehouses, runner }: { warehouses: WarehouseSwitch; runner: JobRunner },
) {
  return {
    // The preview runs on the user's own warehouse, but only the import makes it the one shown; beside the jobs,
    // not behind them, on their resources (the pages' ones ran out of memory at 20,000 plays).
    preview: (path: string): Promise<ImportReport> =>
      warehouses.withReal((real) =>
        runner.withWorkingResources(real, async () => {
          const session = await real.session();
          try {
            return await importExports(session, [path], { ...options(), dryRun: true });
          } finally {
            session.close();
          }
        })
      ),
    starting: async (): Promise<void> => void await warehouses.real(),
    async run(path: string, onProgress: (line: string) => void): Promise<UploadResult> {
      let report: ImportReport | undefined;
      const result = await runner.run({
        name: "import",
        async run({ warehouse }) {
          report = await importExports(warehouse, [path], { ...options(), onProgress });
          return { rowsRead: report.totals.rowsRead, newPlays: report.totals.newPlays };
        },
      }, "web");
      return result.status === "succeeded" && report
        ? { status: "succeeded", report }
        : { status: result.status === "skipped" ? "skipped" : "failed", error: result.error };
    },
    // A failed first import leaves the real warehouse empty: show the demo again, not an empty dashboard.
    failed: async (): Promise<void> => {
      if (!runner.busy) await warehouses.showDemoIfEmpty();
    },
  };
}
