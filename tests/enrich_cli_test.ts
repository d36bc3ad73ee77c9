/**
 * `enrich` as a user runs it: a real process against the fakes, with MusicBrainz's real limit of one request per
 * second, killed (SIGKILL) part-way and run again. Nothing answered before the kill is asked for again.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { cli, killAfter, spawnMain } from "./test_cli.ts";
import { fakeMusicBrainz, fakeSpotify, writeExport } from "./enrichment_fixture.ts";

Deno.test("enrich: a killed run resumes where it stopped, never faster than 1 request/s to MusicBrainz", async () => {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-enrich-" });
  const spotify = fakeSpotify();
  const musicbrainz = fakeMusicBrainz(1000);
  try {
    const env = {
      DUCKDB_PATH: join(dir, "w.duckdb"),
      SPOTIFY_CLIENT_ID: spotify.clientId,
      SPOTIFY_REFRESH_TOKEN: spotify.issueRefreshToken("me"),
      SPOTIFY_API_BASE_URL: spotify.baseUrl,
      SPOTIFY_ACCOUNTS_BASE_URL: spotify.baseUrl,
      MUSICBRAINZ_BASE_URL: musicbrainz.baseUrl,
      MUSICBRAINZ_CONTACT: "tests@example.org",
    };
    const imported = await cli(["import", await writeExport(dir)], env);
    assert.equal(imported.code, 0, imported.stderr);

    const before = await cli(["enrich", "--status"], env);
    assert.equal(before.code, 0, before.stderr);
    assert.match(before.stdout, /Listening time with a genre: +0\.0 %/);
    assert.match(before.stdout, /Artists left for MusicBrainz: +unknown until the first run/);

    const killed = await killAfter(spawnMain(["enrich"], env), 4500);
    assert.ok(killed, "the first run was still going when it was killed");
    const answeredBeforeKill = musicbrainz.requests.length;
    assert.ok(answeredBeforeKill >= 1, "MusicBrainz was asked something before the kill");

    const resumed = await cli(["enrich"], env);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, /^MusicBrainz: \d+ answer\(s\), \d+ unknown, 0 failed$/m);
    // 14 requests in all: Björk url + artist; Nirvana url + artist + Aberdeen + Grays Harbor County (whose
    // parent, Washington, carries "US-WA"); Massive Attack url (404) + isrc + artist + Bristol; Sigur Rós search +
    // artist; Low and Unknown Band one search each. Only the one in flight at the kill may be repeated.
    const paths = musicbrainz.requests.map((request) => request.path);
    assert.ok(paths.length === 14 || paths.length === 15, `14 or 15 requests, got ${paths.length}`);
    assert.equal(new Set(paths).size, 14);
    assert.equal(musicbrainz.tooFast, 0);
    const gaps = musicbrainz.requests.slice(1).map((request, i) => request.at - musicbrainz.requests[i].at);
    assert.ok(Math.min(...gaps) >= 1000, `closest requests ${Math.min(...gaps).toFixed(0)} ms apart`);
    const lookups = spotify.requests.filter((request) => request.path.startsWith("/v1/")).map((r) => r.path);
    assert.ok(lookups.length - new Set(lookups).size <= 1, "a Spotify item asked for twice");

    const origins = await cli([
      "query",
      `select artist_name, country_code from dim_artist join dim_location
       on location_key = origin_location_key order by artist_name`,
      "--format",
      "csv",
    ], env);
    assert.equal(
      origins.stdout.trim(),
      "artist_name,country_code\nBjörk,IS\nMassive Attack,GB\nNirvana,US\nSigur Rós,IS",
    );
    const status = await cli(["enrich", "--status"], env);
    // Genre and origin: 1,960 of 2,240 s of music (enrich_test.ts works it out).
    assert.match(status.stdout, /Listening time with a genre: +87\.5 %/);
    assert.match(status.stdout, /Artists left for MusicBrainz: +0$/m);
  } finally {
    await spotify.close();
    await musicbrainz.close();
    await Deno.remove(dir, { recursive: true });
  }
});
