/** Operating commands as a user runs them, next to a real `serve` process where that matters. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { cli, freePort, spawnMain } from "./test_cli.ts";
import { EXPORT_EXTENDED, UTC_SETTINGS } from "./test_warehouse.ts";
import { openWarehouse } from "../warehouse/migrate.ts";
import { FakeMusicBrainz } from "./fakes/musicbrainz.ts";
import { FakeSpotify } from "./fakes/spotify.ts";

async function startServer(db: string, port: number) {
  const child = spawnMain(["serve", "--no-schedules", "--db", db, "--port", String(port)], {
    LOG_LEVEL: "warn",
  });
  // A first start may write the demo warehouse: 7-15 s on a shared 2-core machine.
  for (let i = 0; i < 600; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      await response.body?.cancel();
      if (response.ok) return child;
    } catch { /* not yet */ }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error("the server did not start within 60 s");
}

Deno.test("cli: jobs, export, backup and healthcheck work while serve holds the warehouse; restore waits", async () => {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-ops-" });
  const db = join(dir, "music.duckdb");
  const port = freePort();
  const env = { PORT: String(port) };
  try {
    assert.equal((await cli(["import", "--db", db, EXPORT_EXTENDED])).code, 0);
    assert.equal((await cli(["healthcheck"], env)).code, 1, "no server yet");

    const exported = await cli(["export", "--db", db, "--format", "csv", join(dir, "csv")]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /^fct_play: 10 rows -> .*fct_play\.csv$/m);
    const users = await cli([
      "query",
      "--db",
      db,
      "select user_key, user_name from dim_user",
      "--format",
      "csv",
    ]);
    assert.equal(await Deno.readTextFile(join(dir, "csv", "dim_user.csv")), users.stdout);

    const server = await startServer(db, port);
    try {
      assert.equal((await cli(["healthcheck"], env)).code, 0);
      const jobs = await cli(["jobs", "--db", db, "--format", "json"], env);
      assert.equal(jobs.code, 0, jobs.stderr);
      assert.deepEqual(
        JSON.parse(jobs.stdout).map((run: { job: string; status: string }) => [run.job, run.status]),
        [["import", "succeeded"]],
      );
      const copy = join(dir, "copy.duckdb");
      const backedUp = await cli(["backup", "--db", db, copy], env);
      assert.equal(backedUp.code, 0, backedUp.stderr);
      const restored = await cli(["restore", "--db", db, copy], env);
      assert.equal(restored.code, 1);
      assert.match(restored.stderr, /another process is using it/);
    } finally {
      server.kill();
      await server.status;
    }
    const plays = await cli([
      "query",
      "--db",
      join(dir, "copy.duckdb"),
      "select count(*) as n from fct_play",
      "--format",
      "csv",
    ]);
    assert.equal(plays.stdout, "n\n10\n");
    const restored = await cli(["restore", "--db", db, join(dir, "copy.duckdb")]);
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(
      restored.stdout,
      /^Restored .*copy\.duckdb to .*music\.duckdb \(10 plays\); the replaced warehouse is kept as .*music\.duckdb\.before-restore/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli: doctor says what is fine and what to fix", async () => {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-doctor-" });
  try {
    const fresh = await cli(["doctor", "--db", join(dir, "music.duckdb")]);
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.match(fresh.stdout, /^warn warehouse: none at .*music\.duckdb yet: import your Spotify export/m);
    assert.match(fresh.stdout, /^ok {3}disk: \d+ MB free/m);
    assert.match(fresh.stdout, /^ok {3}musicbrainz: not asked: set MUSICBRAINZ_CONTACT/m);
    assert.match(
      fresh.stdout,
      /^ok {3}settings: valid; .*; 0 stored in the warehouse, 0 from the environment/m,
    );
    assert.match(fresh.stdout, /^ok {3}access: HOST=127\.0\.0\.1: only this machine reaches the dashboard$/m);
    assert.match(fresh.stdout, /^ok {3}metrics: \/metrics answers this machine only/m);
    const exposed = await cli(["doctor", "--db", join(dir, "music.duckdb")], { HOST: "0.0.0.0" });
    assert.match(exposed.stdout, /^warn access: HOST=0\.0\.0\.0 and no admin password: serve shows only/m);
    const db = join(dir, "music.duckdb");
    assert.equal((await cli(["import", "--db", db, EXPORT_EXTENDED])).code, 0);
    // A connection whose consent predates the library scopes.
    const warehouse = await openWarehouse(db, UTC_SETTINGS);
    await warehouse.run(
      `insert into spotify_connection (user_name, refresh_token, scope, status, connected_at, updated_at,
         library_consent)
       values ('me', 'refresh', 'user-read-recently-played', 'connected', now(), now(), false)`,
    );
    // Connected two hours ago and never polled since; a stored value that no longer passes its check.
    await warehouse.run("update spotify_connection set connected_at = now() - interval 2 hour");
    await warehouse.run("insert into setting values ('TIMEZONE', 'Mars/Olympus_Mons', now())");
    warehouse.close();
    const musicbrainz = new FakeMusicBrainz();
    const spotify = new FakeSpotify();
    const ready = await cli(["doctor", "--db", db], {
      NOTIFY_URL: "http://127.0.0.1:9/unreachable",
      MUSICBRAINZ_BASE_URL: musicbrainz.baseUrl,
      MUSICBRAINZ_CONTACT: "tests@example.org",
      SPOTIFY_CLIENT_ID: spotify.clientId,
      SPOTIFY_ACCOUNTS_BASE_URL: spotify.baseUrl,
      SPOTIFY_API_BASE_URL: spotify.baseUrl,
    }).finally(() => musicbrainz.close());
    const unknownApp = await cli(["doctor", "--db", db], {
      SPOTIFY_CLIENT_ID: "f".repeat(32),
      SPOTIFY_ACCOUNTS_BASE_URL: spotify.baseUrl,
    }).finally(() => spotify.close());
    assert.match(unknownApp.stdout, /^fail spotify: client ID: Spotify knows no app with the client ID f+/m);
    assert.match(ready.stdout, /^ok {3}spotify: client ID: Spotify knows this app\.$/m);
    assert.match(
      ready.stdout,
      /^ok {3}spotify: redirect URI: The app lists http:\/\/127\.0\.0\.1:8080\/callback/m,
    );
    assert.match(ready.stdout, /^warn ingest: no Spotify poll succeeded since \d{4}-/m);
    assert.match(
      ready.stdout,
      /^warn settings: the stored TIMEZONE is ignored: TIMEZONE must be an IANA time zone/m,
    );
    assert.equal(ready.code, 1);
    assert.match(
      ready.stdout,
      /^ok {3}musicbrainz: answers \(http:\/\/127\.0\.0\.1:\d+\) as "MusicTracker\/\d+\.\d+\.\d+ \( tests@example\.org \)"$/m,
    );
    assert.match(ready.stdout, /^ok {3}warehouse: 10 plays; data tests pass$/m);
    assert.match(ready.stdout, /^fail notifications: NOTIFY_URL cannot be reached/m);
    assert.match(
      ready.stdout,
      /^warn library: me connected before the library was read: connect again \(Settings, or `auth --user me`\)/m,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli: password and settings set keep only a hash of a secret, in the owner-only warehouse", async () => {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-password-" });
  try {
    const db = join(dir, "music.duckdb");
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL("../main.ts", import.meta.url).pathname, "password", "--db", db],
      env: { ENV_FILE: "/dev/null" },
      stdin: "piped",
      stdout: "piped",
      stderr: "null",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode("a long admin password\n"));
    await writer.close();
    const output = await child.output();
    assert.equal(output.code, 0);
    // A secret is never taken from the command line (ps, the shell's history).
    const onCommandLine = await cli(["settings", "set", "METRICS_TOKEN", "0123456789abcdef0123", "--db", db]);
    assert.equal(onCommandLine.code, 2);
    assert.match(onCommandLine.stderr, /METRICS_TOKEN is a secret: give -/);

    const warehouse = await openWarehouse(db, UTC_SETTINGS);
    const stored = await warehouse.value<string>("select value from setting where key = 'ADMIN_PASSWORD'");
    warehouse.close();
    assert.match(stored, /^scrypt\$/);
    const bytes = await Deno.readFile(db);
    assert.equal(new TextDecoder().decode(bytes).includes("a long admin password"), false);
    assert.equal((await Deno.stat(db)).mode! & 0o777, 0o600, "the warehouse is owner-only");
    const listed = JSON.parse((await cli(["settings", "list", "--format", "json", "--db", db])).stdout);
    assert.deepEqual(listed.find((setting: { key: string }) => setting.key === "ADMIN_PASSWORD"), {
      key: "ADMIN_PASSWORD",
      value: "set",
      source: "stored",
      secret: true,
      scope: "live",
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
