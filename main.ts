/**
 * Music Tracker's command line: parses the subcommand, loads the configuration once, and wires the pipeline,
 * the warehouse and the web server together. The only module that imports both `pipeline/` and `web/`.
 */
import { parseArgs } from "node:util";
import { existsSync } from "node:fs";
import { type Config, ConfigError, loadConfig, parseUserName } from "./config.ts";
import { Warehouse, WarehouseError } from "./warehouse/duckdb.ts";
import { openWarehouse } from "./warehouse/migrate.ts";
import { buildMarts, DataTestError } from "./warehouse/build.ts";
import { formatTable, type OutputFormat } from "./warehouse/output.ts";
import { ImportError, importExports, type ImportReport } from "./pipeline/exports/import_exports.ts";
import { SourceError } from "./pipeline/exports/sources.ts";
import { ZipError } from "./pipeline/exports/zip.ts";
import { WarehouseSwitch } from "./pipeline/demo/warehouse_switch.ts";
import { createApp } from "./web/app.tsx";

const USAGE = `Music Tracker — your whole Spotify listening history in one DuckDB file.

Usage: deno task start [command] [options]
       deno run -A main.ts <command> [options]

Commands:
  serve                      Serve the dashboard (default). --host, --port (env HOST, PORT; 127.0.0.1:8080)
  import <path>...           Import Spotify export ZIPs, folders or JSON files, in any mix.
                             --dry-run (report, change nothing), --user <name>, --json (report as JSON)
  build                      Rebuild the marts from the raw tables and run the data tests.
  query "<sql>"              Read-only SQL against the warehouse. --format table|csv|json (default table)

Global options:
  --db <path>                Warehouse file (env DUCKDB_PATH; default ./data/music_tracker.duckdb)
  -h, --help                 This help.

Settings (environment): TIMEZONE (IANA, default UTC), MIN_PLAY_MS (default 30000), DEFAULT_USER (default me),
DUCKDB_MEMORY_LIMIT (default 256MB), DUCKDB_THREADS (default 2). See README.md.`;

const COMMANDS = ["serve", "import", "build", "query"] as const;
type Command = typeof COMMANDS[number];

class UsageError extends Error {}

export async function main(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        db: { type: "string" },
        host: { type: "string" },
        port: { type: "string" },
        user: { type: "string" },
        "dry-run": { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        format: { type: "string", default: "table" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    return fail(new UsageError((error as Error).message));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [first, ...rest] = positionals;
  const command: Command = (first ?? "serve") as Command;
  try {
    if (!COMMANDS.includes(command)) throw new UsageError(`Unknown command "${first}"`);
    const config = loadConfig({
      ...Deno.env.toObject(),
      ...(values.db ? { DUCKDB_PATH: values.db } : {}),
      ...(values.host ? { HOST: values.host } : {}),
      ...(values.port ? { PORT: values.port } : {}),
    });
    switch (command) {
      case "serve":
        return await serve(config);
      case "import": {
        if (rest.length === 0) {
          throw new UsageError("import needs at least one path (a ZIP, folder or JSON file)");
        }
        const user = values.user ? parseUserName(values.user) : config.defaultUser;
        return await importCommand(config, rest, { user, dryRun: values["dry-run"], json: values.json });
      }
      case "build":
        return await buildCommand(config);
      case "query": {
        if (rest.length !== 1) throw new UsageError('query takes exactly one SQL string: query "select …"');
        if (!["table", "csv", "json"].includes(values.format)) {
          throw new UsageError(`--format must be table, csv or json, got "${values.format}"`);
        }
        return await queryCommand(config, rest[0], values.format as OutputFormat);
      }
    }
  } catch (error) {
    return fail(error);
  }
}

async function importCommand(
  config: Config,
  paths: string[],
  { user, dryRun, json }: { user: string; dryRun: boolean; json: boolean },
): Promise<number> {
  const settings = buildSettings(config);
  const warehouse = await openWarehouse(config.dbPath, settings, duckdbOptions(config));
  try {
    const report = await importExports(warehouse, paths, {
      user,
      settings,
      dryRun,
      onProgress: (message) => console.error(`import: ${message}`),
    });
    console.log(json ? JSON.stringify(report, null, 2) : formatReport(report));
    return 0;
  } finally {
    warehouse.close();
  }
}

async function buildCommand(config: Config): Promise<number> {
  const settings = buildSettings(config);
  const started = performance.now();
  const warehouse = await openWarehouse(config.dbPath, settings, duckdbOptions(config));
  try {
    await warehouse.transaction(() => buildMarts(warehouse, settings));
    const plays = await warehouse.value<number>("select count(*) from fct_play");
    console.log(
      `Built the marts: ${plays} plays, all data tests passed (${
        Math.round(performance.now() - started)
      } ms)`,
    );
    return 0;
  } finally {
    warehouse.close();
  }
}

async function queryCommand(config: Config, sql: string, format: OutputFormat): Promise<number> {
  if (!existsSync(config.dbPath)) {
    throw new WarehouseError(`No warehouse at "${config.dbPath}" yet: import an export first`);
  }
  const warehouse = await Warehouse.open(config.dbPath, { ...duckdbOptions(config), readOnly: true });
  try {
    const result = await warehouse.table(sql).catch((error: Error) => {
      throw new WarehouseError(`Query failed: ${error.message.replace(/^[A-Z][A-Za-z ]* Error: /, "")}`);
    });
    console.log(formatTable(result, format));
    return 0;
  } finally {
    warehouse.close();
  }
}

async function serve(config: Config): Promise<number> {
  const warehouses = new WarehouseSwitch({
    realPath: config.dbPath,
    demoPath: config.demoDbPath,
    settings: buildSettings(config),
    openOptions: duckdbOptions(config),
    onProgress: (message) => console.error(message),
  });
  await warehouses.current();
  const app = createApp({ warehouse: () => warehouses.current(), timezone: config.timezone });
  const server = Deno.serve({
    hostname: config.host,
    port: config.port,
    onListen: ({ hostname, port }) =>
      console.error(`Music Tracker is listening on http://${hostname}:${port}/`),
  }, app.fetch);
  const stop = () => server.shutdown();
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  await server.finished;
  warehouses.close();
  return 0;
}

function buildSettings(config: Config) {
  return { timezone: config.timezone, minPlayMs: config.minPlayMs };
}

function duckdbOptions(config: Config) {
  return { memoryLimit: config.duckdbMemoryLimit, threads: config.duckdbThreads };
}

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

function fail(error: unknown): number {
  const known = [UsageError, ConfigError, WarehouseError, ImportError, SourceError, ZipError, DataTestError];
  if (known.some((type) => error instanceof type)) {
    console.error(`error: ${(error as Error).message}`);
    if (error instanceof UsageError) console.error("Run with --help for usage.");
    return error instanceof UsageError ? 2 : 1;
  }
  console.error(error);
  return 1;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
