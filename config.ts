/**
 * Every setting the program reads, resolved and validated here: the environment (and `.env`) wins over the
 * values stored in the warehouse, which win over the defaults. lib/settings.ts lists the settings and checks
 * each value; nothing else in the program reads `Deno.env`.
 */
import { dirname, join } from "node:path";
import { createHash } from "node:crypto";
import { LOG_LEVELS, type LogLevel } from "./log.ts";
import {
  checkPassword,
  checkUrl,
  ConfigError,
  parseTimezone,
  parseUserName,
  parseWhole,
  SETTINGS,
  type SettingSource,
  type SettingSpec,
  settingSpec,
} from "./lib/settings.ts";

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
  /** `DUCKDB_THREADS` (default 2): DuckDB threads for jobs; the connections a page's queries spread over. */
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
  /** `ADMIN_PASSWORD` from the environment (plain text; a stored one is kept only as `adminPasswordHash`). */
  adminPassword: string | undefined;
  /** The stored admin password's scrypt hash (Settings, `settings set ADMIN_PASSWORD -`, `password`). */
  adminPasswordHash: string | undefined;
  /** Where `password` stores the admin password's hash (`admin_password` beside the warehouse). */
  passwordFile: string;
  /**
   * Where `serve` keeps a random token, readable by the owner only, that the `settings` command sends when it
   * asks the server over loopback (`.api_token` beside the warehouse): only who may read the data folder may
   * change settings through the server, not whatever else reaches 127.0.0.1 (a reverse proxy on the machine).
   */
  apiTokenFile: string;
  /** SHA-256 (hex) of `METRICS_TOKEN`, the bearer token /metrics accepts from other machines. */
  metricsTokenSha256: string | undefined;
  /** Largest upload the Import page takes (`MAX_UPLOAD_MB`, default 1024). */
  maxUploadMb: number;
  musicbrainz: MusicBrainzConfig;
  /** Longest the nightly ETL spends enriching before it rebuilds (`ENRICH_MAX_MINUTES`, default 45). */
  enrichMaxMinutes: number;
  /** Silence that ends a listening session, in minutes (`SESSION_GAP_MINUTES`, default 30). */
  sessionGapMinutes: number;
  /** Where each value came from, and what is needed to resolve them again after a setting changes. */
  origins: SettingOrigins;
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

export { ConfigError, parseTimezone, parseUserName };
export { environment, parseDotEnv } from "./lib/dotenv.ts";

/** A DuckDB memory size such as `256MB` or `1GB`, as `DUCKDB_MEMORY_LIMIT` and `setMemoryLimit()` take. */
export const MEMORY_LIMIT = /^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i;

/**
 * Where the values came from: the settings set in the environment (and `.env`), the ones stored in the
 * warehouse (`setting`, warehouse/state/settings.ts) that were used, and stored ones that were not valid
 * (ignored, so a bad stored value never keeps the program from starting; `settings list` and `doctor` say so).
 */
export interface SettingOrigins {
  environment: Record<string, string>;
  stored: Record<string, string>;
  ignored: { key: string; error: string }[];
}

/**
 * Reads the configuration: each setting from the environment (`env`, default: the process environment) when set
 * there, else from `stored` (the values kept in the warehouse, as `settings set` and the Settings page store
 * them), else its default. Environment values are checked strictly (a bad one is a ConfigError); stored ones
 * that no longer pass are ignored and reported in `origins.ignored`.
 */
export function loadConfig(
  env: Record<string, string | undefined> = Deno.env.toObject(),
  stored: Record<string, string> = {},
): Config {
  const origins = resolveOrigins(env, stored);
  const value = (name: string) => origins.environment[name] ?? origins.stored[name];
  const dbPath = value("DUCKDB_PATH") ?? join(".", "data", "music_tracker.duckdb");
  const port = integer(value, "PORT", 8080, { min: 0, max: 65_535 });
  return {
    dbPath,
    demoDbPath: value("DEMO_DUCKDB_PATH") ?? join(dirname(dbPath), "demo.duckdb"),
    timezone: parseTimezone(value("TIMEZONE") ?? "UTC"),
    minPlayMs: integer(value, "MIN_PLAY_MS", 30_000, { min: 0, max: 86_400_000 }),
    defaultUser: parseUserName(value("DEFAULT_USER") ?? "me", "DEFAULT_USER"),
    host: value("HOST") ?? "127.0.0.1",
    port,
    duckdbMemoryLimit: parseMemoryLimit(value("DUCKDB_MEMORY_LIMIT") ?? "160MB"),
    duckdbThreads: integer(value, "DUCKDB_THREADS", 2, { min: 1, max: 64 }),
    logLevel: parseLogLevel(value("LOG_LEVEL") ?? "info"),
    ingestCron: checked(value, "INGEST_CRON") ?? "*/30 * * * *",
    etlCron: checked(value, "ETL_CRON") ?? "0 2 * * *",
    libraryCron: checked(value, "LIBRARY_CRON") ?? "30 1 * * *",
    notifyUrl: checked(value, "NOTIFY_URL"),
    backupDir: value("BACKUP_DIR") ?? join(dirname(dbPath), "backups"),
    spotify: spotifyConfig(value, origins, port),
    adminPassword: origins.environment.ADMIN_PASSWORD === undefined
      ? undefined
      : checkPassword(origins.environment.ADMIN_PASSWORD),
    adminPasswordHash: origins.stored.ADMIN_PASSWORD,
    passwordFile: join(dirname(dbPath), "admin_password"),
    apiTokenFile: join(dirname(dbPath), ".api_token"),
    metricsTokenSha256: origins.environment.METRICS_TOKEN === undefined
      ? origins.stored.METRICS_TOKEN
      : sha256(checked(value, "METRICS_TOKEN")!),
    maxUploadMb: integer(value, "MAX_UPLOAD_MB", 1024, { min: 1, max: 16_384 }),
    musicbrainz: {
      baseUrl: (checkedUrl(value, "MUSICBRAINZ_BASE_URL") ?? "https://musicbrainz.org").replace(/\/+$/, ""),
      contact: checked(value, "MUSICBRAINZ_CONTACT"),
    },
    enrichMaxMinutes: integer(value, "ENRICH_MAX_MINUTES", 45, { min: 1, max: 1440 }),
    sessionGapMinutes: integer(value, "SESSION_GAP_MINUTES", 30, { min: 1, max: 1440 }),
    origins,
    realtimePollSeconds: integer(value, "REALTIME_POLL_SECONDS", 0, { min: 5, max: 3600 }) || undefined,
  };
}

/** The environment's settings (non-empty, known), and the stored ones that may be stored and pass their check. */
function resolveOrigins(
  env: Record<string, string | undefined>,
  stored: Record<string, string>,
): SettingOrigins {
  const origins: SettingOrigins = { environment: {}, stored: {}, ignored: [] };
  for (const spec of SETTINGS) {
    const fromEnv = env[spec.key]?.trim();
    if (fromEnv) origins.environment[spec.key] = spec.key === "ADMIN_PASSWORD" ? env[spec.key]! : fromEnv;
    const kept = stored[spec.key];
    if (kept === undefined) continue;
    try {
      if (spec.scope !== "live") throw new ConfigError(`${spec.key} cannot be stored`);
      origins.stored[spec.key] = checkStored(spec, kept);
    } catch (error) {
      origins.ignored.push({ key: spec.key, error: (error as Error).message });
    }
  }
  return origins;
}

/** A stored value as it is kept: a hash for hashed secrets (checked for shape), else checked like a typed one. */
function checkStored(spec: SettingSpec, value: string): string {
  if (spec.stored === "scrypt" && !/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/.test(value)) {
    throw new ConfigError(`the stored ${spec.key} is not a password hash`);
  }
  if (spec.stored === "sha256" && !/^[0-9a-f]{64}$/.test(value)) {
    throw new ConfigError(`the stored ${spec.key} is not a SHA-256 digest`);
  }
  return spec.stored === "scrypt" || spec.stored === "sha256" ? value : spec.check!(value);
}

/** The SHA-256 of a token, in hex: how METRICS_TOKEN is stored and compared. */
export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Where `key`'s value comes from in `config`. */
export function settingSource(config: Config, key: string): SettingSource {
  if (config.origins.environment[key] !== undefined) return "environment";
  if (config.origins.stored[key] !== undefined) return "stored";
  return "default";
}

/**
 * Every setting as the program uses it: its value (null when there is none; a secret only as "set"), where it
 * comes from, and its catalogue entry. What the Settings page, `settings list` and `/api/settings` show.
 */
export function describeSettings(config: Config): SettingView[] {
  const values: Record<string, string | number | undefined> = {
    TIMEZONE: config.timezone,
    MIN_PLAY_MS: config.minPlayMs,
    SESSION_GAP_MINUTES: config.sessionGapMinutes,
    DEFAULT_USER: config.defaultUser,
    ADMIN_PASSWORD: config.adminPassword ?? config.adminPasswordHash,
    METRICS_TOKEN: config.metricsTokenSha256,
    SPOTIFY_CLIENT_ID: config.spotify?.clientId ?? config.origins.stored.SPOTIFY_CLIENT_ID,
    SPOTIFY_CLIENT_SECRET: config.spotify?.clientSecret,
    SPOTIFY_REDIRECT_URI: config.spotify?.redirectUri ?? redirectUri(undefined, config.port),
    MUSICBRAINZ_CONTACT: config.musicbrainz.contact,
    ENRICH_MAX_MINUTES: config.enrichMaxMinutes,
    INGEST_CRON: config.ingestCron,
    LIBRARY_CRON: config.libraryCron,
    ETL_CRON: config.etlCron,
    REALTIME_POLL_SECONDS: config.realtimePollSeconds,
    NOTIFY_URL: config.notifyUrl,
    MAX_UPLOAD_MB: config.maxUploadMb,
    ENV_FILE: config.origins.environment.ENV_FILE ?? "./.env",
    DUCKDB_PATH: config.dbPath,
    DEMO_DUCKDB_PATH: config.demoDbPath,
    HOST: config.host,
    PORT: config.port,
    DUCKDB_MEMORY_LIMIT: config.duckdbMemoryLimit,
    DUCKDB_THREADS: config.duckdbThreads,
    LOG_LEVEL: config.logLevel,
    BACKUP_DIR: config.backupDir,
    SPOTIFY_REFRESH_TOKEN: config.spotify?.seedRefreshToken,
    SPOTIFY_API_BASE_URL: config.spotify?.apiBaseUrl ?? config.origins.environment.SPOTIFY_API_BASE_URL,
    SPOTIFY_ACCOUNTS_BASE_URL: config.spotify?.accountsBaseUrl ??
      config.origins.environment.SPOTIFY_ACCOUNTS_BASE_URL,
    MUSICBRAINZ_BASE_URL: config.musicbrainz.baseUrl,
  };
  return SETTINGS.map((spec) => {
    const value = values[spec.key];
    return {
      key: spec.key,
      value: value === undefined ? null : spec.secret ? "set" : String(value),
      source: settingSource(config, spec.key),
      secret: spec.secret ?? false,
      scope: spec.scope,
      group: spec.group,
      label: spec.label,
      help: spec.help,
      input: spec.input ?? "text",
    };
  });
}

/** One setting as listed: never a secret's value. */
export interface SettingView {
  key: string;
  /** The value in use; for a secret "set", or null when it has none. */
  value: string | null;
  source: SettingSource;
  secret: boolean;
  scope: "live" | "environment";
  group: SettingSpec["group"];
  label: string;
  help: string;
  input: NonNullable<SettingSpec["input"]>;
}

/** What the marts are built with (`BuildSettings`): the time zone and what counts as a play. */
export function buildSettings(
  config: Config,
): { timezone: string; minPlayMs: number; sessionGapMinutes: number } {
  return {
    timezone: config.timezone,
    minPlayMs: config.minPlayMs,
    sessionGapMinutes: config.sessionGapMinutes,
  };
}

/** What the marts are built with, read from `current()` at each use: follows the settings as they change. */
export function liveBuildSettings(
  current: () => Config,
): { readonly timezone: string; readonly minPlayMs: number; readonly sessionGapMinutes: number } {
  return {
    get timezone() {
      return current().timezone;
    },
    get minPlayMs() {
      return current().minPlayMs;
    },
    get sessionGapMinutes() {
      return current().sessionGapMinutes;
    },
  };
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

type Lookup = (name: string) => string | undefined;

function redirectUri(value: string | undefined, port: number): string {
  return value ?? `http://127.0.0.1:${port}/callback`;
}

function spotifyConfig(value: Lookup, origins: SettingOrigins, port: number): SpotifyConfig | undefined {
  const clientId = checked(value, "SPOTIFY_CLIENT_ID");
  const apiBaseUrl = checkedUrl(value, "SPOTIFY_API_BASE_URL") ?? "https://api.spotify.com";
  const accountsBaseUrl = checkedUrl(value, "SPOTIFY_ACCOUNTS_BASE_URL") ?? "https://accounts.spotify.com";
  const uri = redirectUri(checked(value, "SPOTIFY_REDIRECT_URI"), port);
  if (!clientId) {
    // Only the environment can be this wrong: a stored secret waits quietly for a client id.
    if (origins.environment.SPOTIFY_REFRESH_TOKEN || origins.environment.SPOTIFY_CLIENT_SECRET) {
      throw new ConfigError("SPOTIFY_REFRESH_TOKEN and SPOTIFY_CLIENT_SECRET need SPOTIFY_CLIENT_ID as well");
    }
    return undefined;
  }
  return {
    clientId,
    clientSecret: checked(value, "SPOTIFY_CLIENT_SECRET"),
    seedRefreshToken: value("SPOTIFY_REFRESH_TOKEN"),
    redirectUri: uri,
    apiBaseUrl: apiBaseUrl.replace(/\/+$/, ""),
    accountsBaseUrl: accountsBaseUrl.replace(/\/+$/, ""),
  };
}

/** A setting's value checked by its catalogue entry (stored values were checked already), or undefined. */
function checked(value: Lookup, name: string): string | undefined {
  const raw = value(name);
  return raw === undefined ? undefined : settingSpec(name)!.check!(raw);
}

function checkedUrl(value: Lookup, name: string): string | undefined {
  const raw = value(name);
  return raw === undefined ? undefined : checkUrl(raw, name);
}

function integer(
  value: Lookup,
  name: string,
  fallback: number,
  bounds: { min?: number; max?: number },
): number {
  const raw = value(name);
  return raw === undefined ? fallback : parseWhole(raw, name, bounds);
}

function parseLogLevel(value: string): LogLevel {
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${value}"`);
  }
  return value as LogLevel;
}

function parseMemoryLimit(value: string): string {
  if (!MEMORY_LIMIT.test(value)) {
    throw new ConfigError(`DUCKDB_MEMORY_LIMIT must look like "192MB" or "1GB", got "${value}"`);
  }
  return value;
}
