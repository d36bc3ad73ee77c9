/**
 * `import <path>...`: Spotify export ZIPs, folders and JSON files, Last.fm scrobble CSVs and ListenBrainz
 * listens into the warehouse, as a job run (a dry run reports and changes nothing); the report on stdout.
 */
import { buildSettings, parseUserName } from "../config.ts";
import { UsageError } from "../lib/errors.ts";
import { ImportError, importExports, type ImportReport } from "../pipeline/imports/import_exports.ts";
import { defineCommand } from "./command.ts";
import { cliRunner, withWarehouse } from "./shared.ts";

export const importCommand = defineCommand({
  name: "import",
  usage: "import <path>...",
  summary: [
    "Import Spotify export ZIPs, folders or JSON files, Last.fm scrobble CSVs and",
    "ListenBrainz listens, in any mix.",
    "--dry-run (report, change nothing), --user <name>, --json (report as JSON)",
  ],
  options: {
    user: { type: "string" },
    "dry-run": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
  async run({ values, positionals: paths }, config) {
    if (paths.length === 0) {
      throw new UsageError("import needs at least one path (a ZIP, folder or JSON file)");
    }
    const user = values.user ? parseUserName(values.user) : config.defaultUser;
    const dryRun = values["dry-run"];
    const options = {
      user,
      settings: buildSettings(config),
      dryRun,
      onProgress: (message: string) => console.error(`import: ${message}`),
    };
    const report = await withWarehouse(config, async (warehouse) => {
      if (dryRun) return await importExports(warehouse, paths, options);
      // A real import is a job run like any other, so the jobs page shows it (and its error, if any).
      let imported: ImportReport | undefined;
      const result = await (await cliRunner(warehouse)).run({
        name: "import",
        async run({ warehouse: session }) {
          imported = await importExports(session, paths, options);
          return { rowsRead: imported.totals.rowsRead, newPlays: imported.totals.newPlays };
        },
      }, "cli");
      if (!imported) throw new ImportError(result.error ?? "the import did not run");
      return imported;
    }, { build: false });
    console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return 0;
  },
});

/** The import report for a person: one line per file, then totals. */
export function formatReport(report: ImportReport): string {
  const reasons = (rejected: Record<string, number>) =>
    Object.entries(rejected).map(([reason, count]) => `${count} ${reason}`).join(", ") || "0";
  const lines = [
    `${report.dryRun ? "Dry run (nothing written)" : `Import ${report.importId}`} for user "${report.user}":`,
  ];
  for (const file of report.files) {
    lines.push(
      `  ${file.file} [${file.format}]: ${file.rowsRead} rows, ${file.newPlays} new plays, ` +
        `${file.duplicates} duplicates, rejected: ${reasons(file.rejected)}`,
    );
  }
  for (const skipped of report.skipped) lines.push(`  skipped ${skipped.file}: ${skipped.reason}`);
  const { totals } = report;
  lines.push(
    `Total: ${totals.rowsRead} rows, ${totals.newPlays} new plays, ${totals.duplicates} duplicates, ` +
      `rejected: ${
        reasons(totals.rejected)
      }. Plays: ${report.playsBefore} before, ${report.playsAfter} after ` +
      `(${(report.elapsedMs / 1000).toFixed(1)} s).`,
  );
  return lines.join("\n");
}
