/**
 * The catalogue of settings: every variable the program reads, what it means, whether it is a secret, whether
 * it may be stored in the warehouse (and then changes while the server runs) or is read from the environment
 * only, and how a value is checked. config.ts resolves them (environment > stored > default); the Settings page,
 * the `settings` command, `doctor` and `.env.example` follow this list.
 */
import { UserError } from "./errors.ts";
import { CronError, parseCron } from "./cron.ts";

/** A setting's value is wrong; the message names the setting, what it must be and the value given. */
export class ConfigError extends UserError {}

/** Where a setting's value comes from: the environment (and `.env`) wins over the warehouse, which wins over the default. */
export type SettingSource = "environment" | "stored" | "default";

/** How the Settings page groups the settings. */
export type SettingGroup =
  | "listening"
  | "access"
  | "spotify"
  | "enrichment"
  | "schedules"
  | "imports"
  | "environment";

export interface SettingSpec {
  key: string;
  group: SettingGroup;
  /** A few words for the Settings page. */
  label: string;
  /** What it does and what a change re-does, in a sentence. */
  help: string;
  /**
   * `live`: may be stored in the warehouse (Settings, `settings set`) and takes effect at once; `environment`: read
   * from the environment (and `.env`) only, at start: where the warehouse is, how the server is reached, how
   * DuckDB is opened.
   */
  scope: "live" | "environment";
  /** Never shown again once set, never exported; `settings list` says only whether it is set. */
  secret?: boolean;
  /**
   * How a stored value is kept: as typed (`plain`), or only its hash (`scrypt` for the admin password, `sha256`
   * for the metrics token): the program never needs those back.
   */
  stored?: "plain" | "scrypt" | "sha256";
  /** The form field the Settings page shows. */
  input?: "text" | "number" | "password" | "timezone" | "url" | "cron";
  /** Checks a value someone typed and returns it as it is kept (trimmed); throws ConfigError. */
  check?: (value: string) => string;
  /**
   * What a change makes again before it answers, as the change's message says it ("the marts were rebuilt"); none:
   * nothing. A change of such a setting is a job on the server.
   */
  remakes?: string;
}

/** At least this long: the admin password. */
export const MIN_PASSWORD_LENGTH = 10;

export const SETTINGS: readonly SettingSpec[] = [
  {
    key: "TIMEZONE",
    group: "listening",
    label: "Time zone",
    help: "IANA time zone of local dates and hours (e.g. Europe/Berlin); a change rebuilds the marts.",
    scope: "live",
    remakes: "the marts were rebuilt",
    input: "timezone",
    check: (value) => parseTimezone(value),
  },
  {
    key: "MIN_PLAY_MS",
    group: "listening",
    label: "Shortest counted play (ms)",
    help: "A play counts when it lasted at least this many milliseconds; a change rebuilds the marts.",
    scope: "live",
    remakes: "the marts were rebuilt",
    input: "number",
    check: (value) => String(parseWhole(value, "MIN_PLAY_MS", { min: 0, max: 86_400_000 })),
  },
  {
    key: "SESSION_GAP_MINUTES",
    group: "listening",
    label: "Silence that ends a session (minutes)",
    help:
      "Review and Habits split listening into sessions at a silence this long; a change remakes the sessions.",
    scope: "live",
    remakes: "the sessions were made again",
    input: "number",
    check: (value) => String(parseWhole(value, "SESSION_GAP_MINUTES", { min: 1, max: 1440 })),
  },
  {
    key: "DEFAULT_USER",
    group: "listening",
    label: "Default listener",
    help: "Who imports belong to unless `import --user` says otherwise.",
    scope: "live",
    check: (value) => parseUserName(value, "DEFAULT_USER"),
  },
  {
    key: "ADMIN_PASSWORD",
    group: "access",
    label: "Admin password",
    help:
      `${MIN_PASSWORD_LENGTH}+ characters; with it every page asks for a login. Only its scrypt hash is kept.`,
    scope: "live",
    secret: true,
    stored: "scrypt",
    input: "password",
    check: (value) => checkPassword(value),
  },
  {
    key: "METRICS_TOKEN",
    group: "access",
    label: "Metrics token",
    help: "A bearer token for /metrics from other machines (Prometheus); this machine needs none.",
    scope: "live",
    secret: true,
    stored: "sha256",
    input: "password",
    check: (value) => checkToken(value),
  },
  {
    key: "SPOTIFY_CLIENT_ID",
    group: "spotify",
    label: "Spotify client ID",
    help: "Your Spotify app's Client ID (32 hexadecimal characters); without it nothing talks to Spotify.",
    scope: "live",
    check: (value) => checkSpotifyId(value, "SPOTIFY_CLIENT_ID", "Client ID"),
  },
  {
    key: "SPOTIFY_CLIENT_SECRET",
    group: "spotify",
    label: "Spotify client secret",
    help: "Optional: PKCE connects without it.",
    scope: "live",
    secret: true,
    input: "password",
    check: (value) => checkSpotifyId(value, "SPOTIFY_CLIENT_SECRET", "Client secret"),
  },
  {
    key: "SPOTIFY_REDIRECT_URI",
    group: "spotify",
    label: "Spotify redirect URI",
    help: "Registered in your Spotify app: https, or http on 127.0.0.1 only.",
    scope: "live",
    input: "url",
    check: (value) => checkRedirectUri(value),
  },
  {
    key: "MUSICBRAINZ_CONTACT",
    group: "enrichment",
    label: "MusicBrainz contact",
    help: "An email address or URL MusicBrainz can reach you at; without it MusicBrainz is not asked.",
    scope: "live",
    check: (value) => parseContact(value),
  },
  {
    key: "ENRICH_MAX_MINUTES",
    group: "enrichment",
    label: "Nightly enrichment budget (minutes)",
    help: "How long the daily ETL enriches before it rebuilds.",
    scope: "live",
    input: "number",
    check: (value) => String(parseWhole(value, "ENRICH_MAX_MINUTES", { min: 1, max: 1440 })),
  },
  {
    key: "INGEST_CRON",
    group: "schedules",
    label: "Spotify polling (cron, UTC)",
    help: "When recently played tracks are polled; a change re-registers the schedule.",
    scope: "live",
    input: "cron",
    check: (value) => checkCron(value, "INGEST_CRON"),
  },
  {
    key: "LIBRARY_CRON",
    group: "schedules",
    label: "Library snapshot (cron, UTC)",
    help: "When liked songs, followed artists and playlists are read; a change re-registers the schedule.",
    scope: "live",
    input: "cron",
    check: (value) => checkCron(value, "LIBRARY_CRON"),
  },
  {
    key: "ETL_CRON",
    group: "schedules",
    label: "Daily ETL (cron, UTC)",
    help: "Enrich, rebuild every mart, data tests, checkpoint; a change re-registers the schedule.",
    scope: "live",
    input: "cron",
    check: (value) => checkCron(value, "ETL_CRON"),
  },
  {
    key: "REALTIME_POLL_SECONDS",
    group: "schedules",
    label: "Now playing from Spotify (seconds)",
    help:
      "Optional: ask Spotify what each account plays now every N seconds (5-3600), for the Overview's Now playing " +
      "and episodes recently played never reports; 30 costs 2,880 requests a day per account.",
    scope: "live",
    input: "number",
    check: (value) => String(parseWhole(value, "REALTIME_POLL_SECONDS", { min: 5, max: 3600 })),
  },
  {
    key: "NOTIFY_URL",
    group: "schedules",
    label: "Notices to (URL)",
    help: "A JSON POST when a job fails or polling stalls (ntfy, Gotify, any webhook); may hold a token.",
    scope: "live",
    secret: true,
    input: "url",
    check: (value) => checkUrl(value, "NOTIFY_URL"),
  },
  {
    key: "MAX_UPLOAD_MB",
    group: "imports",
    label: "Largest upload (MB)",
    help: "The Import page refuses larger files.",
    scope: "live",
    input: "number",
    check: (value) => String(parseWhole(value, "MAX_UPLOAD_MB", { min: 1, max: 16_384 })),
  },
  ...environmentOnly([
    ["ENV_FILE", "The file read under the environment (default ./.env)."],
    ["DUCKDB_PATH", "The warehouse file."],
    ["DEMO_DUCKDB_PATH", "The demo warehouse."],
    ["HOST", "Where the server listens; any other address than 127.0.0.1 needs an admin password."],
    ["PORT", "The server's port; the command line finds the server by it."],
    ["DUCKDB_MEMORY_LIMIT", "DuckDB's memory limit for imports and jobs."],
    [
      "DUCKDB_THREADS",
      "DuckDB's threads for imports and jobs, and the connections a page's queries run on side by side (one thread each).",
    ],
    ["LOG_LEVEL", "debug, info, warn or error."],
    ["BACKUP_DIR", "Where the server writes backups it is asked for."],
    ["SPOTIFY_REFRESH_TOKEN", "Seeds the first Spotify connection of DEFAULT_USER.", true],
    ["SPOTIFY_API_BASE_URL", "Where Spotify's Web API is (tests point it at a fake)."],
    ["SPOTIFY_ACCOUNTS_BASE_URL", "Where Spotify's accounts service is (tests point it at a fake)."],
    ["MUSICBRAINZ_BASE_URL", "Where MusicBrainz is (tests point it at a fake)."],
  ]),
];

function environmentOnly(entries: [string, string, boolean?][]): SettingSpec[] {
  return entries.map(([key, help, secret]) => ({
    key,
    group: "environment",
    label: key,
    help,
    scope: "environment",
    secret: secret ?? false,
  }));
}

/** The setting named `key`, or undefined. */
export function settingSpec(key: string): SettingSpec | undefined {
  return SETTINGS.find((spec) => spec.key === key);
}

/**
 * The spec of a setting that may be stored, or a ConfigError saying why `key` cannot be: unknown, or read from the
 * environment only (then: where to set it).
 */
export function storableSetting(key: string): SettingSpec & { check: (value: string) => string } {
  const spec = settingSpec(key);
  if (!spec) {
    throw new ConfigError(`There is no setting "${key}": \`settings list\` shows them all`);
  }
  if (spec.scope !== "live" || !spec.check) {
    throw new ConfigError(
      `${key} is read from the environment only (it is needed before the warehouse opens): set it in .env ` +
        "or the environment, and restart",
    );
  }
  return spec as SettingSpec & { check: (value: string) => string };
}

/** Accepts IANA names that this runtime (and so DuckDB's ICU) knows, e.g. `Europe/Berlin`. */
export function parseTimezone(value: string, name = "TIMEZONE"): string {
  try {
    return new Intl.DateTimeFormat("en", { timeZone: value.trim() }).resolvedOptions().timeZone;
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

/** A whole number within bounds, written as digits. */
export function parseWhole(
  raw: string,
  name: string,
  { min = -Infinity, max = Infinity }: { min?: number; max?: number } = {},
): number {
  const text = raw.trim();
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** An email address or a URL; it goes into a header, so no parentheses or line breaks. */
export function parseContact(value: string): string {
  const trimmed = value.trim();
  if (!/^[^\s()]+@[^\s()]+$|^https?:\/\/[^\s()]+$/.test(trimmed)) {
    throw new ConfigError(`MUSICBRAINZ_CONTACT must be an email address or an http(s) URL, got "${value}"`);
  }
  return trimmed;
}

export function checkPassword(value: string): string {
  if (value.length < MIN_PASSWORD_LENGTH) {
    throw new ConfigError(`ADMIN_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  }
  return value;
}

/** A bearer token (RFC 6750's characters), 16 to 256 of them. */
function checkToken(value: string): string {
  if (!/^[A-Za-z0-9._~+/-]{16,256}=*$/.test(value)) {
    throw new ConfigError(
      "METRICS_TOKEN must be 16 to 256 letters, digits or - . _ ~ + / (e.g. `openssl rand -hex 32`)",
    );
  }
  return value;
}

/** Spotify's client ids and secrets are 32 hexadecimal characters. */
function checkSpotifyId(value: string, name: string, what: string): string {
  const trimmed = value.trim();
  if (!/^[0-9a-f]{32}$/i.test(trimmed)) {
    throw new ConfigError(
      `${name} must be your Spotify app's ${what}: 32 characters 0-9 and a-f (developer.spotify.com/dashboard ` +
        `> your app > Settings), got ${name === "SPOTIFY_CLIENT_SECRET" ? "something else" : `"${value}"`}`,
    );
  }
  return trimmed.toLowerCase();
}

export function checkUrl(value: string, name: string): string {
  const trimmed = value.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got "${value}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(`${name} must be an http(s) URL, got "${value}"`);
  }
  return trimmed;
}

/** Spotify accepts https redirect URIs, and plain http only on a loopback address (never `localhost`). */
export function checkRedirectUri(value: string): string {
  const uri = checkUrl(value, "SPOTIFY_REDIRECT_URI");
  const redirect = new URL(uri);
  if (redirect.protocol === "http:" && !["127.0.0.1", "[::1]"].includes(redirect.hostname)) {
    throw new ConfigError(
      `SPOTIFY_REDIRECT_URI must be https, or http on 127.0.0.1 (Spotify refuses other http addresses, ` +
        `"localhost" included), got "${value}"`,
    );
  }
  return uri;
}

function checkCron(value: string, name: string): string {
  const trimmed = value.trim().replace(/\s+/g, " ");
  try {
    parseCron(trimmed);
  } catch (error) {
    if (error instanceof CronError) throw new ConfigError(`${name} is not valid: ${error.message}`);
    throw error;
  }
  return trimmed;
}
