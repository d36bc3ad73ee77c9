/** `rules add|list|remove` as a user runs them: on the warehouse alone, and beside a running server. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { cli, freePort, spawnMain, whenServing } from "./test_cli.ts";
import { EXPORT_EXTENDED } from "./test_warehouse.ts";

interface Listed {
  id: number;
  kind: string;
  subject: string;
  target: string | null;
  subject_name: string | null;
  target_name: string | null;
  user: string | null;
  created_at: string;
}

async function listed(env: Record<string, string>): Promise<Listed[]> {
  const result = await cli(["rules", "list", "--format", "json"], env);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

/** Counted plays per artist, as `query` prints them (CSV). */
async function artistPlays(env: Record<string, string>): Promise<string> {
  const result = await cli([
    "query",
    "select artist_name, count(*) as plays from fct_play join dim_artist using (artist_key) " +
    "where is_counted and not is_excluded group by all order by artist_name",
    "--format",
    "csv",
  ], env);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout.trim();
}

Deno.test("cli: rules add, list and remove on the warehouse; refusals exit 1 and change nothing", async () => {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-rules-" });
  const env = { DUCKDB_PATH: join(dir, "music.duckdb") };
  try {
    assert.equal((await cli(["import", EXPORT_EXTENDED], env)).code, 0);
    const before = await artistPlays(env);
    // the fixture's counted plays (tests/testdata/export/extended)
    assert.equal(before, "artist_name,plays\nBjörk,4\nSigur Rós,1\nКино,1");
    const added = await cli(["rules", "add", "exclude-artist", " björk "], env);
    assert.equal(added.code, 0, added.stderr);
    assert.match(
      added.stdout,
      /^Rule 1 added: artist “Björk” excluded \(the marts were rebuilt in \d+ ms\)$/m,
    );
    assert.equal(await artistPlays(env), "artist_name,plays\nSigur Rós,1\nКино,1");
    const [rule] = await listed(env);
    assert.deepEqual({ ...rule, created_at: typeof rule.created_at }, {
      id: 1,
      kind: "exclude-artist",
      subject: "björk",
      target: null,
      subject_name: "Björk",
      target_name: null,
      user: null,
      created_at: "string",
    });
    assert.ok(!Number.isNaN(Date.parse(rule.created_at)));
    for (
      const [args, code, message] of [
        [["rules", "add", "merge-artist", "Björk", "Björk"], 1, /into itself/],
        [["rules", "add", "exclude-artist", "Nobody"], 1, /No artist named "Nobody" has been played/],
        [["rules", "add", "exclude-artist", "Björk", "--user", "nobody"], 1, /There is no listener "nobody"/],
        [["rules", "add", "merge-artist", "Björk"], 2, /merge-artist takes two values/],
        [["rules", "add", "drop-table", "x"], 2, /There is no rule "drop-table"/],
        [["rules", "remove", "one"], 2, /takes a rule's id/],
        [["rules", "remove", "9"], 1, /There is no rule 9/],
        [["rules", "list", "--user", "me"], 2, /--user goes with rules add/],
      ] as const
    ) {
      const result = await cli([...args], env);
      assert.equal(result.code, code, `${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, message);
    }
    assert.equal((await listed(env)).length, 1);
    const removed = await cli(["rules", "remove", "1"], env);
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal(await artistPlays(env), before);
    assert.match((await cli(["rules", "list"], env)).stdout, /No rules yet/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli: while serve holds the warehouse, rules asks it, and its pages follow at once", async () => {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-rules-" });
  const port = freePort();
  const env = { PORT: String(port), DUCKDB_PATH: join(dir, "music.duckdb") };
  const origin = `http://127.0.0.1:${port}`;
  assert.equal((await cli(["import", EXPORT_EXTENDED], env)).code, 0);
  const child = spawnMain(["serve", "--no-schedules"], { ...env, LOG_LEVEL: "warn" });
  try {
    assert.ok(await whenServing(origin, 600), "serve did not answer /healthz within 60 s");
    const top = () => fetch(`${origin}/top/artists?period=all`).then((response) => response.text());
    assert.match(await top(), /Björk/);
    const added = await cli(["rules", "add", "exclude-artist", "Björk"], env);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /^Rule 1 added: artist “Björk” excluded/);
    // the cached page is gone the moment the command exits
    assert.doesNotMatch(await top(), /Björk/);
    assert.deepEqual((await listed(env)).map((rule) => rule.kind), ["exclude-artist"]);
    const refused = await cli(["rules", "add", "exclude-artist", "Björk"], env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /already excluded \(rule 1\)/);
    assert.equal((await cli(["rules", "remove", "1"], env)).code, 0);
    assert.match(await top(), /Björk/);
    const jobs = await cli(["jobs", "--format", "json"], env);
    assert.deepEqual(
      JSON.parse(jobs.stdout).filter((run: { job: string }) => run.job === "rules").map((
        run: { status: string },
      ) => run.status),
      ["succeeded", "succeeded"],
    );
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await Deno.remove(dir, { recursive: true });
  }
});
