/**
 * Every setting the program reads from its environment, read once and validated here.
 * Nothing else in the program reads `Deno.env`.
 */
import { dirname, join } from "node:path";
import { existsSync, readFileSync } from "node:fs";
import { LOG_LEVELS, type LogLevel } from "./log.ts";
import { CronError, parseCron } from "./lib/cron.ts";
import { UserError } from "./lib/errors.ts";

/** Sent to MusicBrainz in the User-Agent, which its rules require to name the application and its version. */
export const APP_VERSION = "0.5.0";

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
  /**
   * DuckDB `memory_limit` for imports and jobs (`DUCKDB_MEMORY_LIMIT`, default `160MB`: a 350k-play import fits,
   * peaking near 300 MB of resident memory; more memory makes it faster and larger).
   */
  duckdbMemoryLimit: string;
  /** DuckDB `threads` (`DUCKDB_THREADS`, default 2). */
  duckdbThreads: number;
  /** `LOG_LEVEL`: debug, info (default), warn or error. */
  logLevel: LogLevel;
  /** When to poll Spotify for new plays (`INGEST_CRON`, UTC, default every 30 minutes). */
  ingestCron: string;
  /** When the daily ETL runs: rebuild, data tests, checkpoint (`ETL_CRON`, UTC, default 02:00). */
  etlCron: string;
  /** When to snapshot liked songs, followed artists and playlists (`LIBRARY_CRON`, UTC, default 01:30). */
  libraryCron: string;
  /** Where to POST a JSON notice when a job fails (`NOTIFY_URL`; ntfy, Gotify or any webhook). Optional. */
  notifyUrl: string | undefined;
  /** Where the server writes backups it is asked for (`BACKUP_DIR`, default `backups/` beside the warehouse). */
  backupDir: string;
  /** The Spotify app, when one is configured (`SPOTIFY_CLIENT_ID`); without it nothing talks to Spotify. */
  spotify: SpotifyConfig | undefined;
  /** `ADMIN_PASSWORD`: required to serve on anything but 127.0.0.1 (or set one with `password`). */
  adminPassword: string | undefined;
  /** Where `password` stores the admin password's hash (`admin_password` beside the warehouse). */
  passwordFile: string;
  /** Largest upload the Import page takes (`MAX_UPLOAD_MB`, default 1024). */
  maxUploadMb: number;
  musicbrainz: MusicBrainzConfig;
  /** Longest the nightly ETL spends enriching before it rebuilds (`ENRICH_MAX_MINUTES`, default 45). */
  enrichMaxMinutes: number;
  /** Silence that ends a listening session, in minutes (`SESSION_GAP_MINUTES`, default 30). */
  sessionGapMinutes: number;
  /**
   * How often to ask Spotify what each account plays now (`REALTIME_POLL_SECONDS`, 5-3600; off by default): for
   * the Overview's Now playing line, and episodes and local files recently-played never reports.
   */
  realtimePollSeconds: number | undefined;
}

export interface MusicBrainzConfig {
  /** `MUSICBRAINZ_BASE_URL`, default `https://musicbrainz.org`. */
  baseUrl: string;
  /**
   * `MUSICBRAINZ_CONTACT`: an email or URL, sent in the User-Agent so MusicBrainz can reach whoever runs this.
   * MusicBrainz blocks anonymous clients, so without it nothing asks MusicBrainz.
   */
  contact: string | undefined;
}

export interface SpotifyConfig {
  clientId: string;
  /** Optional: with it the token calls authenticate the app too; PKCE is used either way. */
  clientSecret: string | undefined;
  /** Seeds the first connection of DEFAULT_USER; a stored (rotated) token wins afterwards. */
  seedRefreshToken: string | undefined;
  /** Registered in the Spotify app; only loopback http URLs are allowed (`http://127.0.0.1:PORT/callback`). */
  redirectUri: string;
  apiBaseUrl: string;
  accountsBaseUrl: string;
}

export class ConfigError extends UserError {}

/** A DuckDB memory size such as `256MB` or `1GB`, as `DUCKDB_MEMORY_LIMIT` and `setMemoryLimit()` take. */
export const MEMORY_LIMIT = /^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i;

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
    duckdbMemoryLimit: parseMemoryLimit(nonEmpty(env, "DUCKDB_MEMORY_LIMIT") ?? "160MB"),
    duckdbThreads: parseInteger(env, "DUCKDB_THREADS", 2, { min: 1, max: 64 }),
    logLevel: parseLogLevel(nonEmpty(env, "LOG_LEVEL") ?? "info"),
    ingestCron: parseCronSetting(env, "INGEST_CRON", "*/30 * * * *"),
    etlCron: parseCronSetting(env, "ETL_CRON", "0 2 * * *"),
    libraryCron: parseCronSetting(env, "LIBRARY_CRON", "30 1 * * *"),
    notifyUrl: parseUrl(env, "NOTIFY_URL"),
    backupDir: nonEmpty(env, "BACKUP_DIR") ?? join(dirname(dbPath), "backups"),
    spotify: spotifyConfig(env, parseInteger(env, "PORT", 8080, { min: 0, max: 65_535 })),
    adminPassword: parsePassword(env),
    passwordFile: join(dirname(dbPath), "admin_password"),
    maxUploadMb: parseInteger(env, "MAX_UPLOAD_MB", 1024, { min: 1, max: 16_384 }),
    musicbrainz: {
      baseUrl: (parseUrl(env, "MUSICBRAINZ_BASE_URL") ?? "https://musicbrainz.org").replace(/\/+$/, ""),
      contact: parseContact(nonEmpty(env, "MUSICBRAINZ_CONTACT")),
    },
    enrichMaxMinutes: parseInteger(env, "ENRICH_MAX_MINUTES", 45, { min: 1, max: 1440 }),
    sessionGapMinutes: parseInteger(env, "SESSION_GAP_MINUTES", 30, { min: 1, max: 1440 }),
    realtimePollSeconds: nonEmpty(env, "REALTIME_POLL_SECONDS") === undefined
      ? undefined
      : parseInteger(env, "REALTIME_POLL_SECONDS", 0, { min: 5, max: 3600 }),
  };
}

/** What the marts are built with (`BuildSettings`): the time zone and what counts as a play. */
export function buildSettings(config: Config): { timezone: string; minPlayMs: number } {
  return { timezone: config.timezone, minPlayMs: config.minPlayMs };
}

/** How DuckDB opens the warehouse (`OpenOptions`): its memory limit and threads. */
export function duckdbOptions(config: Config): { memoryLimit: string; threads: number } {
  return { memoryLimit: config.duckdbMemoryLimit, threads: config.duckdbThreads };
}

/** What enrichment takes (`EnrichOptions`): the services, and `maxMinutes` to bound the run. */
export function enrichOptions(
  config: Config,
  maxMinutes?: number,
): { spotify: SpotifyConfig | undefined; musicbrainz: MusicBrainzConfig; maxMs: number | undefined } {
  return {
    spotify: config.spotify,
    musicbrainz: config.musicbrainz,
    maxMs: maxMinutes === undefined ? undefined : maxMinutes * 60_000,
  };
}

/** An email address or a URL; it goes into a header, so no parentheses or line breaks. */
function parseContact(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[^\s()]+@[^\s()]+$|^https?:\/\/[^\s()]+$/.test(value)) {
    throw new ConfigError(`MUSICBRAINZ_CONTACT must be an email address or an http(s) URL, got "${value}"`);
  }
  return value;
}

function parsePassword(env: Record<string, string | undefined>): string | undefined {
  const value = env.ADMIN_PASSWORD;
  if (value === undefined || value === "") return undefined;
  if (value.length < 10) throw new ConfigError("ADMIN_PASSWORD must be at least 10 characters long");
  return value;
}

function spotifyConfig(env: Record<string, string | undefined>, port: number): SpotifyConfig | undefined {
  const clientId = nonEmpty(env, "SPOTIFY_CLIENT_ID");
  const apiBaseUrl = parseUrl(env, "SPOTIFY_API_BASE_URL") ?? "https://api.spotify.com";
  const accountsBaseUrl = parseUrl(env, "SPOTIFY_ACCOUNTS_BASE_URL") ?? "https://accounts.spotify.com";
  const redirectUri = parseUrl(env, "SPOTIFY_REDIRECT_URI") ?? `http://127.0.0.1:${port}/callback`;
  const redirect = new URL(redirectUri);
  if (redirect.protocol === "http:" && !["127.0.0.1", "[::1]"].includes(redirect.hostname)) {
    throw new ConfigError(
      `SPOTIFY_REDIRECT_URI must be https, or http on 127.0.0.1 (Spotify refuses other http addresses, ` +
        `"localhost" included), got "${redirectUri}"`,
    );
  }
  if (!clientId) {
    if (nonEmpty(env, "SPOTIFY_REFRESH_TOKEN") || nonEmpty(env, "SPOTIFY_CLIENT_SECRET")) {
      throw new ConfigError("SPOTIFY_REFRESH_TOKEN and SPOTIFY_CLIENT_SECRET need SPOTIFY_CLIENT_ID as well");
    }
    return undefined;
  }
  return {
    clientId,
    clientSecret: nonEmpty(env, "SPOTIFY_CLIENT_SECRET"),
    seedRefreshToken: nonEmpty(env, "SPOTIFY_REFRESH_TOKEN"),
    redirectUri,
    apiBaseUrl: apiBaseUrl.replace(/\/+$/, ""),
    accountsBaseUrl: accountsBaseUrl.replace(/\/+$/, ""),
  };
}

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

function parseLogLevel(value: string): LogLevel {
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${value}"`);
  }
  return value as LogLevel;
}

function parseCronSetting(env: Record<string, string | undefined>, name: string, fallback: string): string {
  const value = nonEmpty(env, name) ?? fallback;
  try {
    parseCron(value);
  } catch (error) {
    if (error instanceof CronError) throw new ConfigError(`${name} is not valid: ${error.message}`);
    throw error;
  }
  return value;
}

function parseUrl(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = nonEmpty(env, name);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got "${value}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(`${name} must be an http(s) URL, got "${value}"`);
  }
  return value;
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
  if (!MEMORY_LIMIT.test(value)) {
    throw new ConfigError(`DUCKDB_MEMORY_LIMIT must look like "192MB" or "1GB", got "${value}"`);
  }
  return value;
}
