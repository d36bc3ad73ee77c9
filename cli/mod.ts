/**
 * The command line's commands in the order `--help` lists them, and the help text built from them: each
 * command's usage in the left column, its summary lines in the right one.
 */
import type { Command } from "./command.ts";
import { serveCommand } from "./serve.ts";
import { importCommand } from "./import.ts";
import { buildCommand } from "./build.ts";
import { queryCommand } from "./query.ts";
import { jobsCommand } from "./jobs.ts";
import { tokensCommand } from "./tokens.ts";
import { authCommand } from "./auth.ts";
import { ingestCommand } from "./ingest.ts";
import { libraryCommand } from "./library.ts";
import { enrichCommand } from "./enrich.ts";
import { exportCommand } from "./export.ts";
import { backupCommand } from "./backup.ts";
import { restoreCommand } from "./restore.ts";
import { passwordCommand } from "./password.ts";
import { settingsCommand } from "./settings.ts";
import { rulesCommand } from "./rules.ts";
import { doctorCommand } from "./doctor.ts";
import { healthcheckCommand } from "./healthcheck.ts";

export type { Command } from "./command.ts";
export { GLOBAL_OPTIONS } from "./command.ts";

/** Every command, in help order; `serve` is the one run when none is named. */
export const COMMANDS: readonly Command[] = [
  serveCommand,
  importCommand,
  buildCommand,
  queryCommand,
  jobsCommand,
  tokensCommand,
  authCommand,
  ingestCommand,
  libraryCommand,
  enrichCommand,
  exportCommand,
  backupCommand,
  restoreCommand,
  settingsCommand,
  rulesCommand,
  passwordCommand,
  doctorCommand,
  healthcheckCommand,
];

/** The command run when the command line names none. */
export const DEFAULT_COMMAND = "serve";

/** The text `--help` prints. */
export function usage(): string {
  return [
    "Music Tracker — your whole Spotify listening history in one DuckDB file.",
    "",
    "Usage: deno task start [command] [options]",
    "       deno run -A main.ts <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.flatMap((command) => columns(command.usage, command.summary)),
    "",
    "Global options:",
    ...columns("--db <path>", ["Warehouse file (env DUCKDB_PATH; default ./data/music_tracker.duckdb)"]),
    ...columns("-h, --help", ["This help."]),
    "",
    "Settings come from the environment over an optional .env file, then from the warehouse (`settings set`,",
    "the Settings page); .env.example lists every one with its default.",
  ].join("\n");
}

/** `left` in a 27-character column after two spaces, then `right` one line at a time. */
function columns(left: string, right: readonly string[]): string[] {
  return right.map((line, i) => `  ${(i === 0 ? left : "").padEnd(27)}${line}`);
}
