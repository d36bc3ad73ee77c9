/** `settings list|set|unset` as a user runs them: on a fresh data folder, and beside a running server. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { cli } from "./test_cli.ts";

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
