/** `export <dir>`: every mart and raw table as Parquet or CSV files. */
import { UsageError } from "../lib/errors.ts";
import { exportTables } from "../warehouse/backup.ts";
import { defineCommand } from "./command.ts";
import { onePositional, withWarehouse } from "./shared.ts";

export const exportCommand = defineCommand({
  name: "export",
  usage: "export <dir>",
  summary: ["Every mart and raw table as files. --format parquet|csv (default parquet)"],
  options: {
    format: { type: "string" },
  },
  async run({ values, positionals }, config) {
    const dir = onePositional(positionals, "export takes one folder: export <dir>");
    const format = values.format ?? "parquet";
    if (format !== "parquet" && format !== "csv") {
      throw new UsageError(`--format must be parquet or csv, got "${format}"`);
    }
    await withWarehouse(config, async (warehouse) => {
      for (const { table, file, rows } of await exportTables(warehouse, dir, { format })) {
        console.log(`${table}: ${rows} rows -> ${file}`);
      }
    }, { readOnly: true });
    return 0;
  },
});
