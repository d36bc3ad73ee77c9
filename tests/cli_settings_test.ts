/** `settings list|set|unset` as a user runs them: on a fresh data folder, and beside a running server. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { cli, freePort, spawnMain, whenServing } from "./test_cli.ts";

interface Listed {
  key: string;
  value: string | null;
  source: string;
  secret: boolean;
  scope: string;
}

async function list(db: string, env: Record<string, string> = {}): Promise<Map<string, Listed>> {
  const result = await cli(["settings", "list", "--format", "json", "--db", db], env);
  assert.equal(result.code, 0, result.stderr);
  return new Map((JSON.parse(result.stdout) as Listed[]).map((setting) => [setting.key, setting]));
}

Deno.test("cli: settings work on a fresh data folder; the environment wins and says so", async () => {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-settings-" });
  const db = join(dir, "data", "music.duckdb");
  try {
    const fresh = await list(db);
    assert.deepEqual(fresh.get("TIMEZONE"), {
      key: "TIMEZONE",
      value: "UTC",
      source: "default",
      secret: false,
      scope: "live",
    });
    assert.equal(fresh.get("ADMIN_PASSWORD")?.value, null);
    assert.equal(fresh.get("DUCKDB_PATH")?.scope, "environment");

    const set = await cli(["settings", "set", "TIMEZONE", "Europe/Berlin", "--db", db]);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /^TIMEZONE = Europe\/Berlin \(stored; the marts were rebuilt\)/);
    assert.equal((await list(db)).get("TIMEZONE")?.source, "stored");
    // A new session gap makes the sessions alone again, and says so.
    const gap = await cli(["settings", "set", "SESSION_GAP_MINUTES", "45", "--db", db]);
    assert.equal(gap.code, 0, gap.stderr);
    assert.match(gap.stdout, /^SESSION_GAP_MINUTES = 45 \(stored; the sessions were made again\)/);

    // The environment wins over the stored value, and both the list and a change say so.
    const fromEnv = await list(db, { TIMEZONE: "Asia/Tokyo" });
    assert.deepEqual([fromEnv.get("TIMEZONE")?.value, fromEnv.get("TIMEZONE")?.source], [
      "Asia/Tokyo",
      "environment",
    ]);
    const overridden = await cli(["settings", "set", "MIN_PLAY_MS", "10000", "--db", db], {
      MIN_PLAY_MS: "5000",
    });
    assert.equal(overridden.code, 0);
    assert.match(overridden.stderr, /MIN_PLAY_MS is set in the environment \(or \/dev\/null\), which wins/);

    const table = await cli(["settings", "list", "--db", db]);
    assert.match(table.stdout, /TIMEZONE\s+\| Europe\/Berlin\s+\| stored\s+\| at once/);
    assert.match(table.stdout, /^DUCKDB_PATH\s+\|.*\| environment \| at restart \(environment only\)/m);

    const unset = await cli(["settings", "unset", "TIMEZONE", "--db", db]);
    assert.equal(unset.code, 0);
    assert.match(unset.stdout, /^TIMEZONE = UTC \(the default; the marts were rebuilt\)/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli: settings refuses bad values, unknown and environment-only keys, changing nothing", async () => {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-settings-" });
  const db = join(dir, "music.duckdb");
  try {
    for (
      const [args, code, message] of [
        [
          ["set", "TIMEZONE", "Europe/Atlantis"],
          1,
          /TIMEZONE must be an IANA time zone .* got "Europe\/Atlantis"/,
        ],
        [["set", "SPOTIFY_CLIENT_ID", "abc"], 1, /SPOTIFY_CLIENT_ID must be your Spotify app's Client ID/],
        [["set", "MIN_PLAY_MS", "1e3"], 1, /MIN_PLAY_MS must be a whole number/],
        [["set", "ETL_CRON", "61 * * * *"], 1, /ETL_CRON is not valid/],
        [["set", "NOTIFY_URL", "-"], 1, /NOTIFY_URL must be an http\(s\) URL/],
        [["set", "PORT", "9000"], 1, /PORT is read from the environment only/],
        [["set", "NOPE", "1"], 1, /There is no setting "NOPE"/],
        [["set", "ADMIN_PASSWORD", "a long password"], 2, /ADMIN_PASSWORD is a secret: give -/],
        [["set", "TIMEZONE"], 2, /Usage: settings list/],
        [["frobnicate"], 2, /Usage: settings list/],
        [["set", "TIMEZONE", "UTC", "--format", "json"], 2, /--format goes with settings list/],
      ] as const
    ) {
      const result = await cli(["settings", ...args, "--db", db], { NO_STDIN: "1" });
      assert.equal(result.code, code, `${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, message, args.join(" "));
    }
    const listed = await list(db);
    assert.deepEqual([...listed.values()].filter((setting) => setting.source === "stored"), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

async function withLine(args: string[], line: string, env: Record<string, string>) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("../main.ts", import.meta.url).pathname, ...args],
    env: { ENV_FILE: "/dev/null", NO_COLOR: "1", ...env },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(`${line}\n`));
  await writer.close();
  const output = await child.output();
  const decoder = new TextDecoder();
  return { code: output.code, stdout: decoder.decode(output.stdout), stderr: decoder.decode(output.stderr) };
}

Deno.test("cli: while serve runs (here showing the demo), settings asks it, and the server applies the change at once", async () => {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-settings-" });
  const db = join(dir, "music.duckdb");
  const port = freePort();
  const env = { PORT: String(port), DUCKDB_PATH: db };
  const origin = `http://127.0.0.1:${port}`;
  const child = spawnMain(["serve", "--no-schedules"], { ...env, LOG_LEVEL: "warn" }, { output: true });
  // The server's log (warnings and errors) goes with any failure below: a 500 says why there.
  const served = child.output();
  try {
    // It makes the demo first: ~5 s here, more on a busy machine.
    assert.ok(await whenServing(origin, 600), "serve did not answer /healthz within 60 s");
    const set = await cli(["settings", "set", "TIMEZONE", "Europe/Berlin"], env);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /^TIMEZONE = Europe\/Berlin \(stored; the marts were rebuilt\)/);
    assert.equal((await list(db, env)).get("TIMEZONE")?.source, "stored");

    const bad = await cli(["settings", "set", "TIMEZONE", "Mars/Base"], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /TIMEZONE must be an IANA time zone/);

    // A password typed on standard input: the running server asks for a login from then on.
    const password = await withLine(["settings", "set", "ADMIN_PASSWORD", "-"], "a long admin password", env);
    assert.equal(password.code, 0, password.stderr);
    assert.match(password.stdout, /^ADMIN_PASSWORD = set \(stored\)/);
    const page = await fetch(`${origin}/`, { redirect: "manual" });
    await page.body?.cancel();
    assert.equal(page.status, 303);
    assert.match(page.headers.get("location")!, /^\/login/);
    assert.equal((await cli(["settings", "unset", "ADMIN_PASSWORD"], env)).code, 0);
    const open = await fetch(`${origin}/`);
    const shown = await open.text();
    assert.equal(open.status, 200, shown.slice(0, 200));

    // Without the token serve wrote beside the warehouse, the server refuses.
    const token = await Deno.readTextFile(join(dir, ".api_token"));
    await Deno.writeTextFile(join(dir, ".api_token"), "not the token\n");
    const refused = await cli(["settings", "set", "MIN_PLAY_MS", "1000"], env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /The server answered 403/);
    await Deno.writeTextFile(join(dir, ".api_token"), token);
    // Stopped, the server removes its token; the command then stores the change itself.
    child.kill("SIGTERM");
    await child.status;
    assert.equal(await Deno.stat(join(dir, ".api_token")).then(() => true, () => false), false);
    const alone = await cli(["settings", "set", "MIN_PLAY_MS", "1000"], env);
    assert.equal(alone.code, 0, alone.stderr);
    assert.equal((await list(db, env)).get("MIN_PLAY_MS")?.value, "1000");
  } catch (error) {
    try {
      child.kill("SIGTERM");
    } catch { /* stopped already */ }
    const { stdout, stderr } = await served;
    const log = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
    (error as Error).message += `\n--- the server's log ---\n${log}`;
    throw error;
  } finally {
    try {
      child.kill("SIGTERM");
    } catch { /* stopped already */ }
    await served;
    await Deno.remove(dir, { recursive: true });
  }
});
