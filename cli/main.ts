/**
 * The command line: chooses the command, loads the configuration once, runs the command, and turns what it
 * threw into a message and an exit code. The commands are the other modules of cli/, the server's
 * composition is serve.ts; ../main.ts starts this.
 */
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { environment, loadConfig } from "../config.ts";
import { UsageError, UserError } from "../lib/errors.ts";
import { type Command, COMMANDS, DEFAULT_COMMAND, GLOBAL_OPTIONS, usage } from "./mod.ts";

/** Every option some command takes: enough to tell an option's value from the command's name. */
const COMMAND_OPTIONS: ParseArgsOptionsConfig = Object.assign({}, ...COMMANDS.map((c) => c.options));

/** Options that stand for a setting: `--db` for DUCKDB_PATH; `--host` and `--port` where a command takes them. */
const SETTING_OPTIONS = { db: "DUCKDB_PATH", host: "HOST", port: "PORT" } as const;

/** Runs the command line `args` (the program's arguments); resolves to the process's exit code. */
export async function main(args: string[]): Promise<number> {
  try {
    const { name, command, values, positionals } = parseCommandLine(args);
    if (values.help) {
      console.log(usage());
      return 0;
    }
    if (!command) throw new UsageError(`Unknown command "${name}"`);
    const config = loadConfig({ ...environment(), ...settingsFrom(values) });
    return await command.run({ values, positionals }, config);
  } catch (error) {
    return fail(error);
  }
}

/**
 * The command named by the first positional (`serve` when there is none), with the global options, its own
 * options and the positionals after its name. A command line `parseArgs` refuses is a UsageError; so is an
 * option that only other commands take, and the message says which do.
 */
export function parseCommandLine(args: string[]) {
  // Every command's options are known here, so that an option's value is not taken for the command's name.
  const { positionals: [first], tokens } = parseArgs({
    args,
    options: { ...GLOBAL_OPTIONS, ...COMMAND_OPTIONS },
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const name = first ?? DEFAULT_COMMAND;
  const command: Command | undefined = COMMANDS.find((candidate) => candidate.name === name);
  // An unknown command is refused after --help has had its say, as are options no command takes.
  const options = { ...GLOBAL_OPTIONS, ...(command ? command.options : COMMAND_OPTIONS) };
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(optionOfOthers(error, { name, options, tokens }) ?? (error as Error).message);
  }
  const positionals = first === undefined ? parsed.positionals : parsed.positionals.slice(1);
  return { name, command, values: parsed.values, positionals };
}

/** A token of `parseArgs`: an option (by name, and as typed), a positional or `--`. */
type Token = { kind: "option"; name: string; rawName: string } | { kind: "positional" | "option-terminator" };

/**
 * When `error` is `parseArgs` refusing an option that other commands take, a message that says which do:
 * "Unknown option '--minutes' for import (enrich takes it)".
 */
function optionOfOthers(
  error: unknown,
  { name, options, tokens }: { name: string; options: object; tokens: readonly Token[] },
): string | undefined {
  if ((error as { code?: string }).code !== "ERR_PARSE_ARGS_UNKNOWN_OPTION") return undefined;
  const unknown = tokens.find((token) => token.kind === "option" && !Object.hasOwn(options, token.name));
  if (unknown?.kind !== "option") return undefined;
  const owners = COMMANDS.filter((other) => Object.hasOwn(other.options, unknown.name)).map((c) => c.name);
  if (owners.length === 0) return undefined;
  const take = owners.length === 1
    ? `${owners[0]} takes`
    : `${owners.slice(0, -1).join(", ")} and ${owners.at(-1)} take`;
  return `Unknown option '${unknown.rawName}' for ${name} (${take} it)`;
}

/** The settings the command line gives (a non-empty `--db`, `--host`, `--port`), by their variables' names. */
function settingsFrom(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(SETTING_OPTIONS).flatMap(([option, name]) => {
      const value = values[option];
      return typeof value === "string" && value ? [[name, value]] : [];
    }),
  );
}

/** Prints a user's error as one line (a usage error with a pointer to --help), anything else with its stack. */
function fail(error: unknown): number {
  if (!(error instanceof UserError)) {
    console.error(error);
    return 1;
  }
  console.error(`error: ${error.message}`);
  if (error instanceof UsageError) console.error("Run with --help for usage.");
  return error.exitCode;
}
