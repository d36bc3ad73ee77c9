/**
 * Every setting the program reads from its environment, read once and validated here.
 * Nothing else in the program reads `Deno.env`.
 */
import { dirname, join } from "node:path";

export interface Config {
  /** The real warehouse file (`DUCKDB_PATH`, default `./data/music_tracker.duckdb`). */
  dbPath: string;
  /** The demo warehouse, kept beside the real one so demo plays never mix with real ones. */
  demoDbPath: string;
  /** IANA time zone that decides local dates and hours in the marts (`TIMEZONE`, default `UTC`). */
  timezone: string;
  /** A play counts when `ms_played >= minPlayMs` (`MIN_PLAY_MS`, default 30000). */
  minPlayMs: number;
  /** User that imports belong to unless `--user` says otherwise (`DEFAULT_USER`, default `me`). */
  defaultUser: string;
  host: string;
  port: number;
  /** DuckDB `memory_limit` (`DUCKDB_MEMORY_LIMIT`, default `256MB`: a 350k-play import needs it; a 2 GB NAS has room). */
  duckdbMemoryLimit: string;
  /** DuckDB `threads` (`DUCKDB_THREADS`, default 2). */
  duckdbThreads: number;
}

export class ConfigError extends Error {}

/** Reads the configuration from `env` (default: the process environment). */
export function loadConfig(env: Record<string, string | undefined> = Deno.env.toObject()): Config {
  const dbPath = nonEmpty(env, "DUCKDB_PATH") ?? join(".", "data", "music_tracker.duckdb");
  return {
    dbPath,
    demoDbPath: nonEmpty(env, "DEMO_DUCKDB_PATH") ?? join(dirname(dbPath), "demo.duckdb"),
    timezone: parseTimezone(nonEmpty(env, "TIMEZONE") ?? "UTC"),
    minPlayMs: parseInteger(env, "MIN_PLAY_MS", 30_000, { min: 0 }),
    defaultUser: parseUserName(nonEmpty(env, "DEFAULT_USER") ?? "me", "DEFAULT_USER"),
    host: nonEmpty(env, "HOST") ?? "127.0.0.1",
    port: parseInteger(env, "PORT", 8080, { min: 0, max: 65_535 }),
    duckdbMemoryLimit: parseMemoryLimit(nonEmpty(env, "DUCKDB_MEMORY_LIMIT") ?? "256MB"),
    duckdbThreads: parseInteger(env, "DUCKDB_THREADS", 2, { min: 1, max: 64 }),
  };
}

/** Accepts IANA names that this runtime (and so DuckDB's ICU) knows, e.g. `Europe/Berlin`. */
export function parseTimezone(value: string, name = "TIMEZONE"): string {
  try {
    return new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    throw new ConfigError(
      `${name} must be an IANA time zone such as "Europe/Berlin" or "UTC", got "${value}"`,
    );
  }
}

export function parseUserName(value: string, name = "--user"): string {
  const trimmed = value.trim();
  if (!/^[\p{L}\p{N}_.@-]{1,64}$/u.test(trimmed)) {
    throw new ConfigError(
      `${name} must be 1-64 letters, digits, "_", ".", "@" or "-", got "${value}"`,
    );
  }
  return trimmed;
}

function nonEmpty(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function parseInteger(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  { min = -Infinity, max = Infinity }: { min?: number; max?: number } = {},
): number {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function parseMemoryLimit(value: string): string {
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i.test(value)) {
    throw new ConfigError(`DUCKDB_MEMORY_LIMIT must look like "192MB" or "1GB", got "${value}"`);
  }
  return value;
}
