/**
 * What a subcommand is: its name, how the help lists it, the options it takes, and how it runs. Every command
 * also takes the global options, `--db` and `-h`/`--help`; an option no command of that name takes is refused.
 */
import type { parseArgs, ParseArgsOptionsConfig } from "node:util";
import type { Config } from "../config.ts";

/** Options every command takes. */
export const GLOBAL_OPTIONS = {
  db: { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const satisfies ParseArgsOptionsConfig;

/** The values `parseArgs` gives for a command's options and the global ones, typed by the spec. */
export type OptionValues<O extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ options: O & typeof GLOBAL_OPTIONS; allowPositionals: true; strict: true }>
>["values"];

/** A command line as a command receives it: its options, and the positionals after the command's name. */
export interface CommandArgs<O extends ParseArgsOptionsConfig> {
  values: OptionValues<O>;
  positionals: string[];
}

export interface Command<O extends ParseArgsOptionsConfig = ParseArgsOptionsConfig> {
  /** The word that chooses it: `import`. */
  readonly name: string;
  /** How it is called, the help's left column: `import <path>...`. */
  readonly usage: string;
  /** What it does, the help's right column, one entry per line as the help shows it. */
  readonly summary: readonly string[];
  /** The options it takes besides the global ones, as `parseArgs` reads them. */
  readonly options: O;
  /**
   * Whether the configuration includes the settings stored in the warehouse (default true). `healthcheck` never
   * opens the warehouse.
   */
  readonly readsStoredSettings?: boolean;
  /** Runs it once the configuration is loaded; resolves to the process's exit code. */
  run(args: CommandArgs<O>, config: Config): Promise<number>;
}

/** A command, with its option values typed by its own `options`. */
export function defineCommand<const O extends ParseArgsOptionsConfig>(command: Command<O>): Command<O> {
  return command;
}
