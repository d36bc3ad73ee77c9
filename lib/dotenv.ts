/** The process environment over an optional `.env` file: how every setting outside the warehouse is read. */
import { existsSync, readFileSync } from "node:fs";
import { ConfigError } from "./settings.ts";

/**
 * The process environment over an optional `.env` file (`ENV_FILE`, default `./.env`): variables already set
 * win, so `.env` holds defaults for a machine and the environment overrides them.
 */
export function environment(
  env: Record<string, string | undefined> = Deno.env.toObject(),
): Record<string, string | undefined> {
  const path = env.ENV_FILE ?? ".env";
  if (!existsSync(path)) {
    if (env.ENV_FILE) throw new ConfigError(`ENV_FILE "${path}" does not exist`);
    return env;
  }
  return { ...parseDotEnv(readFileSync(path, "utf8"), path), ...env };
}

/** `KEY=value` lines; `export ` prefixes, single or double quotes, blank lines and `#` comments are allowed. */
export function parseDotEnv(text: string, path = ".env"): Record<string, string> {
  const values: Record<string, string> = {};
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith("#")) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(trimmed);
    if (!match) {
      throw new ConfigError(`Cannot read ${path} line ${index + 1}: expected KEY=value, got "${trimmed}"`);
    }
    let value = match[2];
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[1] === '"' ? quoted[2].replace(/\\n/g, "\n").replace(/\\"/g, '"') : quoted[2];
    else value = value.replace(/\s+#.*$/, "");
    values[match[1]] = value;
  });
  return values;
}
