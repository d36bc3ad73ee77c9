/** The command line as a user runs it: a real `deno run main.ts` process per call. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { cli } from "./test_cli.ts";
import { EXPORT_ACCOUNT, EXPORT_EXTENDED } from "./test_warehouse.ts";

async function withDb(fn: (db: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-cli-" });
  try {
    await fn(join(dir, "nested", "music.duckdb"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("cli: import --json prints only the report on stdout, progress on stderr", async () => {
  await withDb(async (db) => {
    const result = await cli(["import", "--db", db, "--json", EXPORT_EXTENDED, EXPORT_ACCOUNT]);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.deepEqual(report.totals, {
      rowsRead: 23,
      newPlays: 16,
      duplicates: 4,
      rejected: { "no content": 2, "unknown artist and track": 1 },
    });
    assert.equal(report.user, "me");
    assert.match(result.stderr, /import: read 23 rows/);
  });
});

Deno.test("cli: import --dry-run writes nothing, --user names the user", async () => {
  await withDb(async (db) => {
    const dry = await cli(["import", "--db", db, "--dry-run", "--user", "alex", EXPORT_EXTENDED]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^Dry run \(nothing written\) for user "alex":/);
    assert.match(dry.stdout, /Total: 12 rows, 10 new plays, 1 duplicates, rejected: 1 no content\./);
    const count = await cli([
      "query",
      "--db",
      db,
      "select count(*) as plays from fct_play",
      "--format",
      "csv",
    ]);
    assert.equal(count.stdout, "plays\n0\n");
    const real = await cli(["import", "--db", db, "--user", "alex", EXPORT_EXTENDED]);
    assert.equal(real.code, 0, real.stderr);
    const users = await cli(["query", "--db", db, "select user_name from dim_user", "--format", "json"]);
    assert.deepEqual(JSON.parse(users.stdout), [{ user_name: "alex" }]);
  });
});

Deno.test("cli: query prints table, csv and json; build rebuilds and runs the data tests", async () => {
  await withDb(async (db) => {
    assert.equal((await cli(["import", "--db", db, EXPORT_EXTENDED])).code, 0);
    const sql = "select content_type, count(*) as plays from fct_play group by 1 order by 1";
    const table = await cli(["query", "--db", db, sql]);
    assert.equal(
      table.stdout,
      [
        "content_type | plays",
        "-------------+------",
        "audiobook    | 1",
        "episode      | 1",
        "track        | 8",
        "(3 rows)",
        "",
      ].join("\n"),
    );
    const csv = await cli(["query", "--db", db, sql, "--format", "csv"]);
    assert.equal(csv.stdout, "content_type,plays\naudiobook,1\nepisode,1\ntrack,8\n");
    const json = await cli(["query", "--db", db, sql, "--format", "json"]);
    assert.deepEqual(JSON.parse(json.stdout), [
      { content_type: "audiobook", plays: 1 },
      { content_type: "episode", plays: 1 },
      { content_type: "track", plays: 8 },
    ]);
    const build = await cli(["build", "--db", db]);
    assert.equal(build.code, 0, build.stderr);
    assert.match(build.stdout, /^Built the marts: 10 plays, all data tests passed/);
  });
});

Deno.test("cli: query is read-only", async () => {
  await withDb(async (db) => {
    assert.equal((await cli(["import", "--db", db, EXPORT_EXTENDED])).code, 0);
    const result = await cli(["query", "--db", db, "delete from fct_play"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^error: .*read-only/im);
    const count = await cli(["query", "--db", db, "select count(*) as n from fct_play", "--format", "csv"]);
    assert.equal(count.stdout, "n\n10\n");
  });
});

Deno.test("cli: TIMEZONE decides local hours", async () => {
  await withDb(async (db) => {
    const env = { TIMEZONE: "Asia/Kolkata" };
    assert.equal((await cli(["import", "--db", db, EXPORT_EXTENDED], env)).code, 0);
    const sql = "select time_key from fct_play where played_at = '2024-01-04 12:00:00+00'";
    const result = await cli(["query", "--db", db, sql, "--format", "csv"], env);
    assert.equal(result.stdout, `time_key\n${17 * 60 + 30}\n`); // 12:00 UTC is 17:30 in India
  });
});

Deno.test("cli: usage and configuration errors are clear and exit non-zero", async () => {
  const unknown = await cli(["frobnicate"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /error: Unknown command "frobnicate"/);
  const noPaths = await cli(["import"]);
  assert.equal(noPaths.code, 2);
  assert.match(noPaths.stderr, /import needs at least one path/);
  const badZone = await cli(["query", "select 1"], { TIMEZONE: "Mars/Olympus" });
  assert.equal(badZone.code, 1);
  assert.match(badZone.stderr, /TIMEZONE must be an IANA time zone .* got "Mars\/Olympus"/);
  const badFormat = await cli(["query", "select 1", "--format", "xml"]);
  assert.equal(badFormat.code, 2);
  const otherCommands = await cli(["import", "--minutes", "5", EXPORT_EXTENDED]);
  assert.equal(otherCommands.code, 2);
  assert.equal(
    otherCommands.stderr,
    "error: Unknown option '--minutes' for import (enrich takes it)\nRun with --help for usage.\n",
  );
  const help = await cli(["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /import <path>\.\.\./);
});

Deno.test("cli: a bad import exits 1 naming the file and row", async () => {
  await withDb(async (db) => {
    const dir = await Deno.makeTempDir();
    const bad = join(dir, "Streaming_History_Audio_2019.json");
    await Deno.writeTextFile(bad, JSON.stringify([{ ts: "2019-13-01", ms_played: 5 }]));
    const result = await cli(["import", "--db", db, bad]);
    await Deno.remove(dir, { recursive: true });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, "");
    assert.match(
      result.stderr,
      /error: Cannot parse "ts" in Streaming_History_Audio_2019\.json row 1: "2019-13-01"/,
    );
  });
});
