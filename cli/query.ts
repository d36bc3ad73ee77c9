/** `query "<sql>"`: read-only SQL against the warehouse, printed as a table, CSV or JSON. */
import { WarehouseError } from "../warehouse/duckdb.ts";
import { formatTable } from "../warehouse/output.ts";
import { defineCommand } from "./command.ts";
import { onePositional, outputFormat, withWarehouse } from "./shared.ts";

export const queryCommand = defineCommand({
  name: "query",
  usage: 'query "<sql>"',
  summary: ["Read-only SQL against the warehouse. --format table|csv|json (default table)"],
  options: {
    format: { type: "string" },
  },
  async run({ values, positionals }, config) {
    const sql = onePositional(positionals, 'query takes exactly one SQL string: query "select …"');
    const format = outputFormat(values.format, ["table", "csv", "json"]);
    const result = await withWarehouse(
      config,
      (warehouse) =>
        warehouse.table(sql).catch((error: Error) => {
          throw new WarehouseError(`Query failed: ${error.message.replace(/^[A-Z][A-Za-z ]* Error: /, "")}`);
        }),
      { readOnly: true },
    );
    console.log(formatTable(result, format));
    return 0;
  },
});
