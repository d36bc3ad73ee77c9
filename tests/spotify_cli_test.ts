/** `auth` and `ingest` in a terminal, as real processes, against the fake Spotify. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { FakeSpotify } from "./fakes/spotify.ts";
import { cli } from "./test_cli.ts";

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
  fake.addTrack({
    id: "0000000000000000000AAA",
    name: "Jóga",
    artist: "Björk",
    album: "Homogenic",
    durationMs: 305_000,
  });
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-auth-" });
  try {
    const db = join(dir, "music.duckdb");
    const port = 20_000 + Math.floor(Math.random() * 20_000);
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

    const noApp = await cli(["ingest", "--db", db]);
    assert.equal(noApp.code, 1);
    assert.match(noApp.stderr, /No Spotify app is configured: set SPOTIFY_CLIENT_ID/);
  } finally {
    await fake.close();
    await Deno.remove(dir, { recursive: true });
  }
});
