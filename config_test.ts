import assert from "node:assert/strict";
import { ConfigError, environment, loadConfig, parseDotEnv } from "./config.ts";

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
    passwordFile: "data/admin_password",
    maxUploadMb: 1024,
    musicbrainz: { baseUrl: "https://musicbrainz.org", contact: undefined },
    enrichMaxMinutes: 45,
    sessionGapMinutes: 30,
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

Deno.test(".env.example documents every variable config.ts reads, with its default", async () => {
  const example = await Deno.readTextFile(new URL("./.env.example", import.meta.url));
  const source = await Deno.readTextFile(new URL("./config.ts", import.meta.url));
  const read = [...source.matchAll(/\(env, "([A-Z_]+)"|env\.([A-Z_]+)/g)].map((match) =>
    match[1] ?? match[2]
  );
  const documented = [...example.matchAll(/^#? ?([A-Z_]+)=/gm)].map((match) => match[1]);
  assert.deepEqual([...new Set(read)].filter((name) => !documented.includes(name)), []);
  const fromExample = loadConfig(parseDotEnv(example));
  const defaults = loadConfig({});
  assert.deepEqual({ ...fromExample, dbPath: defaults.dbPath }, defaults);
});

Deno.test("loadConfig() reads the Spotify app and refuses redirect URIs Spotify would refuse", () => {
  assert.deepEqual(loadConfig({ SPOTIFY_CLIENT_ID: "abc", PORT: "9000" }).spotify, {
    clientId: "abc",
    clientSecret: undefined,
    seedRefreshToken: undefined,
    redirectUri: "http://127.0.0.1:9000/callback",
    apiBaseUrl: "https://api.spotify.com",
    accountsBaseUrl: "https://accounts.spotify.com",
  });
  assert.throws(
    () => loadConfig({ SPOTIFY_CLIENT_ID: "abc", SPOTIFY_REDIRECT_URI: "http://localhost:8080/callback" }),
    /must be https, or http on 127\.0\.0\.1/,
  );
  assert.equal(
    loadConfig({ SPOTIFY_CLIENT_ID: "abc", SPOTIFY_REDIRECT_URI: "https://nas.example/callback" }).spotify
      ?.redirectUri,
    "https://nas.example/callback",
  );
  assert.throws(() => loadConfig({ SPOTIFY_REFRESH_TOKEN: "x" }), /need SPOTIFY_CLIENT_ID/);
});
