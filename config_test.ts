import assert from "node:assert/strict";
import {
  ConfigError,
  describeSettings,
  environment,
  loadConfig,
  parseDotEnv,
  settingSource,
  sha256,
} from "./config.ts";
import { SETTINGS } from "./lib/settings.ts";

const CLIENT_ID = "0123456789abcdef0123456789abcdef";

Deno.test("loadConfig() defaults fit a fresh machine", () => {
  const config = loadConfig({});
  assert.deepEqual(config, {
    dbPath: "data/music_tracker.duckdb",
    demoDbPath: "data/demo.duckdb",
    timezone: "UTC",
    minPlayMs: 30000,
    defaultUser: "me",
    host: "127.0.0.1",
    port: 8080,
    duckdbMemoryLimit: "160MB",
    duckdbThreads: 2,
    logLevel: "info",
    ingestCron: "*/30 * * * *",
    etlCron: "0 2 * * *",
    libraryCron: "30 1 * * *",
    notifyUrl: undefined,
    backupDir: "data/backups",
    spotify: undefined,
    adminPassword: undefined,
    adminPasswordHash: undefined,
    passwordFile: "data/admin_password",
    apiTokenFile: "data/.api_token",
    metricsTokenSha256: undefined,
    maxUploadMb: 1024,
    musicbrainz: { baseUrl: "https://musicbrainz.org", contact: undefined },
    enrichMaxMinutes: 45,
    sessionGapMinutes: 30,
    origins: { environment: {}, stored: {}, ignored: [] },
    realtimePollSeconds: undefined,
  });
});

Deno.test("loadConfig() reads REALTIME_POLL_SECONDS: off unless set, 5 to 3600 seconds", () => {
  assert.equal(loadConfig({ REALTIME_POLL_SECONDS: "30" }).realtimePollSeconds, 30);
  assert.throws(
    () => loadConfig({ REALTIME_POLL_SECONDS: "1" }),
    /REALTIME_POLL_SECONDS must be a whole number from 5 to 3600, got "1"/,
  );
});

Deno.test("loadConfig() reads and validates every variable", () => {
  const config = loadConfig({
    DUCKDB_PATH: "/srv/music/w.duckdb",
    TIMEZONE: "Europe/Berlin",
    MIN_PLAY_MS: "0",
    PORT: "9000",
    DEFAULT_USER: "ana",
  });
  assert.equal(config.demoDbPath, "/srv/music/demo.duckdb");
  assert.equal(config.timezone, "Europe/Berlin");
  assert.equal(config.minPlayMs, 0);
  assert.equal(config.port, 9000);
  assert.throws(() => loadConfig({ TIMEZONE: "Berlin" }), ConfigError);
  assert.throws(() => loadConfig({ MIN_PLAY_MS: "30s" }), /MIN_PLAY_MS must be a whole number from 0/);
  assert.throws(
    () => loadConfig({ PORT: "70000" }),
    /PORT must be a whole number from 0 to 65535, got "70000"/,
  );
  assert.throws(() => loadConfig({ DUCKDB_MEMORY_LIMIT: "lots" }), /DUCKDB_MEMORY_LIMIT/);
  assert.throws(() => loadConfig({ DEFAULT_USER: "a b" }), /DEFAULT_USER must be/);
});

Deno.test("loadConfig() reads the MusicBrainz contact and enrichment budget", () => {
  const config = loadConfig({
    MUSICBRAINZ_BASE_URL: "http://127.0.0.1:5000/",
    MUSICBRAINZ_CONTACT: "ana@example.org",
    ENRICH_MAX_MINUTES: "10",
  });
  assert.deepEqual(config.musicbrainz, { baseUrl: "http://127.0.0.1:5000", contact: "ana@example.org" });
  assert.equal(config.enrichMaxMinutes, 10);
  assert.equal(
    loadConfig({ MUSICBRAINZ_CONTACT: "https://example.org/me" }).musicbrainz.contact,
    "https://example.org/me",
  );
  assert.throws(
    () => loadConfig({ MUSICBRAINZ_CONTACT: "ana (home)" }),
    /MUSICBRAINZ_CONTACT must be an email address or an http\(s\) URL, got "ana \(home\)"/,
  );
  assert.throws(
    () => loadConfig({ ENRICH_MAX_MINUTES: "0" }),
    /ENRICH_MAX_MINUTES must be a whole number from 1/,
  );
});

Deno.test("loadConfig() validates schedules, log level and the notification URL", () => {
  assert.throws(() => loadConfig({ ETL_CRON: "at two" }), /ETL_CRON is not valid: .*needs 5 fields/);
  assert.throws(() => loadConfig({ INGEST_CRON: "*/30 25 * * *" }), /INGEST_CRON is not valid: .*hour "25"/);
  assert.throws(() => loadConfig({ LOG_LEVEL: "loud" }), /LOG_LEVEL must be one of debug, info, warn, error/);
  assert.throws(() => loadConfig({ NOTIFY_URL: "ftp://x" }), /NOTIFY_URL must be an http\(s\) URL/);
  assert.equal(loadConfig({ NOTIFY_URL: "https://ntfy.sh/my-topic" }).notifyUrl, "https://ntfy.sh/my-topic");
});

Deno.test("environment() reads .env under the process environment", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/.env`;
  await Deno.writeTextFile(
    file,
    "# settings\nexport TIMEZONE=\"Europe/Berlin\"\nPORT=9000 # comment\nNOTIFY_URL='https://example.test/x#y'\n\n",
  );
  const env = environment({ ENV_FILE: file, PORT: "9100" });
  assert.equal(env.TIMEZONE, "Europe/Berlin");
  assert.equal(env.PORT, "9100"); // the environment wins
  assert.equal(env.NOTIFY_URL, "https://example.test/x#y");
  assert.equal(loadConfig(env).timezone, "Europe/Berlin");
  await Deno.writeTextFile(file, "NOT A SETTING\n");
  assert.throws(() => environment({ ENV_FILE: file }), /Cannot read .*\.env line 1: expected KEY=value/);
  assert.throws(
    () => environment({ ENV_FILE: `${dir}/missing.env` }),
    /ENV_FILE ".*missing.env" does not exist/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test(".env.example documents every setting of the catalogue, with its default", async () => {
  const example = await Deno.readTextFile(new URL("./.env.example", import.meta.url));
  const documented = [...example.matchAll(/^#? ?([A-Z_]+)=/gm)].map((match) => match[1]);
  assert.deepEqual(SETTINGS.map((spec) => spec.key).filter((name) => !documented.includes(name)), []);
  const fromExample = loadConfig(parseDotEnv(example));
  // Copied to .env as it is, it pins no setting Settings could change (the environment would win over it).
  const pinned = SETTINGS.filter((spec) =>
    spec.scope === "live" && spec.key in fromExample.origins.environment
  );
  assert.deepEqual(pinned.map((spec) => spec.key), []);
  const defaults = loadConfig({});
  assert.deepEqual({ ...fromExample, dbPath: defaults.dbPath, origins: defaults.origins }, defaults);
});

Deno.test("loadConfig() reads the Spotify app and refuses redirect URIs Spotify would refuse", () => {
  assert.deepEqual(loadConfig({ SPOTIFY_CLIENT_ID: CLIENT_ID, PORT: "9000" }).spotify, {
    clientId: CLIENT_ID,
    clientSecret: undefined,
    seedRefreshToken: undefined,
    redirectUri: "http://127.0.0.1:9000/callback",
    apiBaseUrl: "https://api.spotify.com",
    accountsBaseUrl: "https://accounts.spotify.com",
  });
  assert.throws(
    () =>
      loadConfig({ SPOTIFY_CLIENT_ID: CLIENT_ID, SPOTIFY_REDIRECT_URI: "http://localhost:8080/callback" }),
    /must be https, or http on 127\.0\.0\.1/,
  );
  assert.equal(
    loadConfig({ SPOTIFY_CLIENT_ID: CLIENT_ID, SPOTIFY_REDIRECT_URI: "https://nas.example/callback" }).spotify
      ?.redirectUri,
    "https://nas.example/callback",
  );
  assert.throws(() => loadConfig({ SPOTIFY_REFRESH_TOKEN: "x" }), /need SPOTIFY_CLIENT_ID/);
});

Deno.test("loadConfig() takes each setting from the environment, else the warehouse, else its default", () => {
  const stored = { TIMEZONE: "Europe/Berlin", MIN_PLAY_MS: "10000", MUSICBRAINZ_CONTACT: "ana@example.org" };
  const config = loadConfig({ TIMEZONE: "Asia/Tokyo" }, stored);
  assert.equal(config.timezone, "Asia/Tokyo");
  assert.equal(config.minPlayMs, 10_000);
  assert.equal(config.musicbrainz.contact, "ana@example.org");
  assert.equal(config.sessionGapMinutes, 30);
  assert.deepEqual(
    ["TIMEZONE", "MIN_PLAY_MS", "SESSION_GAP_MINUTES"].map((key) => settingSource(config, key)),
    ["environment", "stored", "default"],
  );
  // An empty variable is no setting: the stored value counts.
  assert.equal(loadConfig({ TIMEZONE: " " }, stored).timezone, "Europe/Berlin");
});

Deno.test("loadConfig() ignores stored values that are wrong or may not be stored, and says which", () => {
  const config = loadConfig({}, {
    TIMEZONE: "Mars/Olympus",
    PORT: "9999",
    ADMIN_PASSWORD: "plain text",
    ETL_CRON: "0 3 * * *",
  });
  assert.equal(config.timezone, "UTC");
  assert.equal(config.port, 8080);
  assert.equal(config.adminPasswordHash, undefined);
  assert.equal(config.etlCron, "0 3 * * *");
  assert.deepEqual(config.origins.ignored, [
    {
      key: "TIMEZONE",
      error: 'TIMEZONE must be an IANA time zone such as "Europe/Berlin" or "UTC", got "Mars/Olympus"',
    },
    { key: "ADMIN_PASSWORD", error: "the stored ADMIN_PASSWORD is not a password hash" },
    { key: "PORT", error: "PORT cannot be stored" },
  ]);
});

Deno.test("describeSettings() lists every setting with its value and source, secrets only as set", () => {
  const config = loadConfig(
    { SPOTIFY_CLIENT_ID: CLIENT_ID, SPOTIFY_CLIENT_SECRET: "fedcba9876543210fedcba9876543210" },
    { METRICS_TOKEN: sha256("a-long-metrics-token"), NOTIFY_URL: "https://ntfy.example/t?auth=secret" },
  );
  const views = describeSettings(config);
  assert.deepEqual(views.map((view) => view.key), SETTINGS.map((spec) => spec.key));
  const byKey = new Map(views.map((view) => [view.key, view]));
  assert.deepEqual(
    ["SPOTIFY_CLIENT_ID", "SPOTIFY_CLIENT_SECRET", "METRICS_TOKEN", "NOTIFY_URL", "ADMIN_PASSWORD", "PORT"]
      .map((key) => [key, byKey.get(key)!.value, byKey.get(key)!.source]),
    [
      ["SPOTIFY_CLIENT_ID", CLIENT_ID, "environment"],
      ["SPOTIFY_CLIENT_SECRET", "set", "environment"],
      ["METRICS_TOKEN", "set", "stored"],
      ["NOTIFY_URL", "set", "stored"],
      ["ADMIN_PASSWORD", null, "default"],
      ["PORT", "8080", "default"],
    ],
  );
  const text = JSON.stringify(views);
  assert.ok(!text.includes("fedcba98") && !text.includes("auth=secret") && !text.includes(sha256("a-long")));
  assert.equal(config.metricsTokenSha256, sha256("a-long-metrics-token"));
});

Deno.test("loadConfig() refuses a malformed Spotify client id and a short password from the environment", () => {
  assert.throws(
    () => loadConfig({ SPOTIFY_CLIENT_ID: "my-app" }),
    /SPOTIFY_CLIENT_ID must be your Spotify app's Client ID: 32 characters 0-9 and a-f .*got "my-app"/,
  );
  assert.throws(
    () => loadConfig({ ADMIN_PASSWORD: "short" }),
    /ADMIN_PASSWORD must be at least 10 characters/,
  );
  assert.throws(() => loadConfig({ METRICS_TOKEN: "abc" }), /METRICS_TOKEN must be 16 to 256/);
});
