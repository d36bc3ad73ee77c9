/** `auth` and `ingest` in a terminal, as real processes, against the fake Spotify. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { FakeSpotify, JOGA } from "./fakes/spotify.ts";
import { cli, freePort, killAfter, spawnMain } from "./test_cli.ts";
import { tableCells } from "../web/test_html.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

function env(fake: FakeSpotify, redirectPort: number) {
  return {
    ENV_FILE: "/dev/null",
    NO_COLOR: "1",
    SPOTIFY_CLIENT_ID: fake.clientId,
    SPOTIFY_API_BASE_URL: fake.baseUrl,
    SPOTIFY_ACCOUNTS_BASE_URL: fake.baseUrl,
    SPOTIFY_REDIRECT_URI: `http://127.0.0.1:${redirectPort}/callback`,
  };
}

/** Starts `auth`, follows the consent URL it prints, and finishes through `finish(location, child)`. */
async function runAuth(
  db: string,
  environment: Record<string, string>,
  finish: (location: string, child: Deno.ChildProcess) => Promise<void>,
) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "auth", "--db", db, "--user", "me"],
    env: environment,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let stderr = "";
  while (!/http:\/\/\S+\/authorize\S+/.test(stderr)) {
    const { value, done } = await reader.read();
    if (done) break;
    stderr += value;
  }
  reader.releaseLock();
  const consent = /(http:\/\/\S+\/authorize\S+)/.exec(stderr)![1];
  const redirect = await fetch(consent, { redirect: "manual" });
  await redirect.body?.cancel();
  await finish(redirect.headers.get("location")!, child);
  const stdout = await new Response(child.stdout).text();
  await child.stderr.cancel().catch(() => {});
  return { code: (await child.status).code, stdout };
}

Deno.test("cli: auth finishes on the loopback callback or a pasted URL; ingest polls once", async () => {
  const fake = new FakeSpotify();
  fake.consentUser = "me";
  fake.addTrack(JOGA);
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-auth-" });
  try {
    const db = join(dir, "music.duckdb");
    const port = freePort();
    // Spotify redirects the browser to the loopback listener `auth` opened.
    const byCallback = await runAuth(db, env(fake, port), async (location, child) => {
      const landed = await fetch(location);
      assert.match(await landed.text(), /Spotify is connected/);
      await child.stdin.close();
    });
    assert.equal(byCallback.code, 0);
    assert.equal(byCallback.stdout, 'Connected Spotify for "me".\n');

    // The redirect URI's port is taken (or the browser is elsewhere): the URL is pasted on stdin.
    const blocker = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const byPaste = await runAuth(db, env(fake, blocker.addr.port), async (location, child) => {
      const writer = child.stdin.getWriter();
      await writer.write(new TextEncoder().encode(`${location}\n`));
      await writer.close();
    });
    blocker.close();
    assert.equal(byPaste.code, 0);

    fake.play("me", "0000000000000000000AAA", Date.now() - 60_000);
    const ingested = await cli(["ingest", "--db", db], env(fake, port));
    assert.equal(ingested.code, 0, ingested.stderr);
    assert.equal(ingested.stdout, "Polled 1 account(s): 1 new plays, 0 gap(s), 0 paused.\n");
    const jobs = await cli(["jobs", "--db", db, "--format", "json"]);
    assert.deepEqual(JSON.parse(jobs.stdout)[0].counts, { users: 1, newPlays: 1, gaps: 0, paused: 0 });

    // The library, once: one request each for the account, liked songs, followed artists and playlists.
    fake.library("me").liked.push({ trackId: JOGA.id, addedAt: Date.now() - 86_400_000 });
    const library = await cli(["library", "--db", db], env(fake, port));
    assert.equal(library.code, 0, library.stderr);
    assert.equal(
      library.stdout,
      "Snapshotted 1 account(s): 1 liked songs, 0 followed artists, 4 requests.\n",
    );

    const noApp = await cli(["ingest", "--db", db]);
    assert.equal(noApp.code, 1);
    assert.match(noApp.stderr, /No Spotify app is configured: set SPOTIFY_CLIENT_ID/);
  } finally {
    await fake.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli: an ingest killed at any point loses and doubles no play", async () => {
  const fake = new FakeSpotify();
  fake.consentUser = "me";
  fake.addTrack(JOGA);
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-ingest-kill-" });
  try {
    const db = join(dir, "music.duckdb");
    const environment = { ...env(fake, 9), SPOTIFY_REFRESH_TOKEN: fake.issueRefreshToken("me") };
    const start = Date.now() - 10 * 3600_000;
    let played = 0;
    const playMore = (count: number) => {
      for (let i = 0; i < count; i++) fake.play("me", "0000000000000000000AAA", start + 60_000 * ++played);
    };
    playMore(40);
    assert.equal((await cli(["ingest", "--db", db], environment)).code, 0);
    let killed = 0;
    // 10 new plays per round: even if every round is killed, the final poll sees them all (at most 50).
    for (const delayMs of [300, 700, 1100, 1500]) {
      playMore(10);
      fake.fail("recently-played", { delayMs: 800 });
      if (await killAfter(spawnMain(["ingest", "--db", db], environment), delayMs)) killed++;
    }
    assert.ok(killed >= 2, `only ${killed} ingests were killed midway`);
    const finished = await cli(["ingest", "--db", db], environment);
    assert.equal(finished.code, 0, finished.stderr);
    const counts = await cli([
      "query",
      "--db",
      db,
      "select count(*) as plays, count(distinct played_at) as distinct_times, " +
      "(select count(*) from job_run where job = 'ingest' and status = 'running') as running, " +
      "(select count(*) from ingest_gap) as gaps from fct_play",
      "--format",
      "csv",
    ]);
    assert.equal(counts.stdout, `plays,distinct_times,running,gaps\n${played},${played},0,0\n`);
  } finally {
    await fake.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("serve: connecting on Settings reads the library at once", async () => {
  const fake = new FakeSpotify();
  fake.consentUser = "me";
  fake.addTrack(JOGA);
  fake.library("me").liked.push({ trackId: JOGA.id, addedAt: Date.parse("2026-01-01T00:00:00Z") });
  fake.library("me").followed.push("Björk");
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-connect-" });
  const port = freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawnMain([
    "serve",
    "--no-schedules",
    "--db",
    join(dir, "music.duckdb"),
    "--port",
    String(port),
  ], {
    ...env(fake, port),
    LOG_LEVEL: "warn",
  });
  try {
    // A first start writes the demo warehouse: 7-15 s on a shared 2-core machine.
    for (let i = 0;; i++) {
      const ready = await fetch(`${origin}/healthz`).then((response) => response.ok, () => false);
      if (ready) break;
      assert.ok(i < 600, "the server did not start within 60 s");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const connect = await fetch(`${origin}/settings/connect`, {
      method: "POST",
      headers: { origin, "content-type": "application/x-www-form-urlencoded" },
      body: "user=me",
    });
    const consent = /href="(http:\/\/127\.0\.0\.1:\d+\/authorize[^"]+)"/.exec(await connect.text())![1];
    const redirect = await fetch(consent.replaceAll("&amp;", "&"), { redirect: "manual" });
    await redirect.body?.cancel();
    const landed = await fetch(redirect.headers.get("location")!);
    await landed.body?.cancel();
    assert.equal(landed.ok, true);
    // The snapshot runs in the background: wait for it on the Jobs API.
    let run: { job: string; status: string; counts: Record<string, unknown> } | undefined;
    for (let i = 0; i < 100 && run?.status !== "succeeded"; i++) {
      const runs = await (await fetch(`${origin}/api/jobs?limit=5`)).json();
      run = runs.find((candidate: { job: string }) => candidate.job === "library");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual(run?.counts, {
      users: 1,
      needs_consent: 0,
      liked_tracks: 1,
      followed_artists: 1,
      requests: 4,
    });
    const page = await (await fetch(`${origin}/library`)).text();
    assert.deepEqual(tableCells(page, "never-played-heading"), [["Jóga", "Björk", "2026-01-01"]]);
  } finally {
    child.kill();
    await child.status;
    await fake.close();
    await Deno.remove(dir, { recursive: true });
  }
});
