/**
 * `export <dir>`: every mart and raw table as Parquet or CSV files; or, `--format listenbrainz`, every play as
 * ListenBrainz listens (JSON lines, and a ZIP for ListenBrainz's importer).
 */
import { UsageError } from "../lib/errors.ts";
import { exportTables } from "../warehouse/backup.ts";
import { exportListenBrainz } from "../pipeline/listenbrainz/export.ts";
import { defineCommand } from "./command.ts";
import { onePositional, withWarehouse } from "./shared.ts";

export const exportCommand = defineCommand({
  name: "export",
  usage: "export <dir>",
  summary: [
    "Every mart and raw table as files. --format parquet|csv (default parquet);",
    "--format listenbrainz: every play as ListenBrainz listens (JSON lines and a ZIP)",
  ],
  options: {
    format: { type: "string" },
  },
  async run({ values, positionals }, config) {
    const dir = onePositional(positionals, "export takes one folder: export <dir>");
    const format = values.format ?? "parquet";
    if (format === "listenbrainz") {
      await withWarehouse(config, async (warehouse) => {
        for (const { user, file, zip, listens, leftOut } of await exportListenBrainz(warehouse, dir)) {
          const note = leftOut > 0 ? ` (${leftOut} plays without an artist or track name left out)` : "";
          console.log(`${user}: ${listens} listens -> ${file}, ${zip}${note}`);
        }
      }, { readOnly: true });
      return 0;
    }
    if (format !== "parquet" && format !== "csv") {
      throw new UsageError(`--format must be parquet, csv or listenbrainz, got "${format}"`);
    }
    await withWarehouse(config, async (warehouse) => {
      for (const { table, file, rows } of await exportTables(warehouse, dir, { format })) {
        console.log(`${table}: ${rows} rows -> ${file}`);
      }
    }, { readOnly: true });
    return 0;
  },
});
