/**
 * Enrichment against a fake Spotify and a fake MusicBrainz on 127.0.0.1 (tests/fakes): every expected genre,
 * country, duration and share below is worked out by hand from what the fakes serve.
 */
import assert from "node:assert/strict";
import { Logger } from "../log.ts";
import { enrich } from "../pipeline/enrich/mod.ts";
import { JobRunner } from "../pipeline/jobs/runner.ts";
import { appendListensJob } from "../pipeline/listenbrainz/append.ts";
import { landListens } from "../pipeline/listenbrainz/land.ts";
import { BJORK, MASSIVE, MB, NIRVANA, THORN, withEnrichment } from "./enrichment_fixture.ts";
import { UTC_SETTINGS } from "./test_warehouse.ts";

const quiet = new Logger({ write: () => {}, format: "json" });

Deno.test("enrich() fills durations, releases, genres and origins from both services, as the fakes serve them", async () => {
  await withEnrichment(async ({ warehouse, spotify, musicbrainz, options }) => {
    const result = await enrich(warehouse, quiet, options);

    // Spotify: 4 tracks (one unknown), 3 albums, 4 artists (Tracey Thorn is featured).
    assert.deepEqual(result.spotify, { answers: 11, unknown: 1, failed: 0 });
    assert.equal(spotify.requests.filter((r) => r.path.startsWith("/v1/tracks/")).length, 4);
    assert.deepEqual(
      await warehouse.rows("select track_name, duration_ms, isrc from dim_track order by track_name"),
      [
        { track_name: "Ghost", duration_ms: null, isrc: null },
        { track_name: "Hoppípolla", duration_ms: null, isrc: null },
        { track_name: "Jóga", duration_ms: 305_000, isrc: "FAKE00000000" },
        { track_name: "Lithium", duration_ms: 257_000, isrc: "FAKE00000000" },
        { track_name: "Protection", duration_ms: 471_000, isrc: "GBAAA9400001" },
        { track_name: "Words", duration_ms: null, isrc: null },
      ],
    );
    assert.deepEqual(
      await warehouse.rows(
        `select album_name, strftime(release_date, '%Y-%m-%d') as release_date, release_date_precision,
         release_year from dim_album where release_date is not null order by album_name`,
      ),
      [
        {
          album_name: "Homogenic",
          release_date: "2001-01-01",
          release_date_precision: "day",
          release_year: 2001,
        },
        {
          album_name: "Nevermind",
          release_date: "1991-01-01",
          release_date_precision: "year",
          release_year: 1991,
        },
        {
          album_name: "Protection",
          release_date: "1994-09-01",
          release_date_precision: "month",
          release_year: 1994,
        },
      ],
    );
    assert.deepEqual(
      await warehouse.rows(
        `select dim_artist.artist_name, artist_position, is_primary from bridge_track_artist
         join dim_artist using (artist_key) join dim_track using (track_key)
         where dim_track.track_name = 'Protection' order by artist_position`,
      ),
      [
        { artist_name: MASSIVE, artist_position: 0, is_primary: true },
        { artist_name: THORN, artist_position: 1, is_primary: false },
      ],
    );

    // MusicBrainz: matched by Spotify link, ISRC and name; "Low" is ambiguous and "Unknown Band" unknown.
    assert.deepEqual(
      await warehouse.rows(
        `select artist_name, musicbrainz_match, musicbrainz_id, artist_type, begin_year, end_year,
         dim_location.country_code, origin_area_name
         from dim_artist left join dim_location on dim_location.location_key = dim_artist.origin_location_key
         order by artist_name`,
      ),
      [
        {
          artist_name: BJORK,
          musicbrainz_match: "spotify url",
          musicbrainz_id: MB.bjork,
          artist_type: "Person",
          begin_year: 1965,
          end_year: null,
          country_code: "IS",
          origin_area_name: "Iceland",
        },
        {
          artist_name: "Low",
          musicbrainz_match: "none",
          musicbrainz_id: null,
          artist_type: null,
          begin_year: null,
          end_year: null,
          country_code: null,
          origin_area_name: null,
        },
        {
          artist_name: MASSIVE,
          musicbrainz_match: "isrc",
          musicbrainz_id: MB.massive,
          artist_type: "Group",
          begin_year: null,
          end_year: null,
          country_code: "GB",
          origin_area_name: "Bristol",
        },
        {
          artist_name: NIRVANA,
          musicbrainz_match: "spotify url",
          musicbrainz_id: MB.nirvana,
          artist_type: "Group",
          begin_year: 1987,
          end_year: 1994,
          country_code: "US",
          origin_area_name: "Aberdeen",
        },
        {
          artist_name: "Sigur Rós",
          musicbrainz_match: "name search",
          musicbrainz_id: MB.sigur,
          artist_type: "Group",
          begin_year: null,
          end_year: null,
          country_code: "IS",
          origin_area_name: "Iceland",
        },
        // Featured only: never played as the primary artist, so never asked for at MusicBrainz.
        {
          artist_name: THORN,
          musicbrainz_match: null,
          musicbrainz_id: null,
          artist_type: null,
          begin_year: null,
          end_year: null,
          country_code: null,
          origin_area_name: null,
        },
        {
          artist_name: "Unknown Band",
          musicbrainz_match: "none",
          musicbrainz_id: null,
          artist_type: null,
          begin_year: null,
          end_year: null,
          country_code: null,
          origin_area_name: null,
        },
      ],
    );
    assert.deepEqual(
      await warehouse.rows(
        `select artist_name, genre_name, parent_genre, votes, round(weight, 6) as weight, sources
         from bridge_artist_genre join dim_artist using (artist_key) join dim_genre using (genre_key)
         order by artist_name, genre_name`,
      ),
      [
        {
          artist_name: BJORK,
          genre_name: "art pop",
          parent_genre: "pop",
          votes: 3,
          weight: 0.375,
          sources: "musicbrainz",
        },
        {
          artist_name: BJORK,
          genre_name: "electronic",
          parent_genre: "electronic",
          votes: 5,
          weight: 0.625,
          sources: "musicbrainz",
        },
        {
          artist_name: MASSIVE,
          genre_name: "trip-hop",
          parent_genre: "electronic",
          votes: 10,
          weight: 1,
          sources: "musicbrainz",
        },
        {
          artist_name: NIRVANA,
          genre_name: "grunge",
          parent_genre: "rock",
          votes: 21,
          weight: 0.875,
          sources: "musicbrainz, spotify",
        },
        {
          artist_name: NIRVANA,
          genre_name: "rock",
          parent_genre: "rock",
          votes: 3,
          weight: 0.125,
          sources: "musicbrainz",
        },
        {
          artist_name: "Sigur Rós",
          genre_name: "post-rock",
          parent_genre: "rock",
          votes: 4,
          weight: 1,
          sources: "musicbrainz",
        },
      ],
    );

    // Music listened: 900 + 400 + 420 + 100 + 240 + 180 = 2,240 s. With genre and origin: Björk, Nirvana,
    // Massive Attack, Sigur Rós = 1,960 s; with a duration: the three tracks Spotify knows = 1,720 s.
    assert.equal(result.coverage.withGenre, 1960 / 2240);
    assert.equal(result.coverage.withOrigin, 1960 / 2240);
    assert.equal(result.coverage.withDuration, 1720 / 2240);
    assert.equal(result.coverage.pendingSpotify, 0);
    assert.equal(result.coverage.pendingMusicBrainz, 0);

    // Never faster than the fake allows, and the User-Agent was accepted on every request.
    assert.equal(musicbrainz.tooFast, 0);
    assert.ok(musicbrainz.requests.every((request) => request.status === 200 || request.status === 404));
    const paths = musicbrainz.requests.map((request) => request.path);
    assert.equal(paths.length, 14, "the 14 requests enrich_cli_test.ts lists");
    assert.equal(new Set(paths).size, paths.length, "no MusicBrainz request twice");
  });
});

Deno.test("enrich() asks nothing twice across runs, and a rebuild keeps every enrichment", async () => {
  await withEnrichment(async ({ warehouse, spotify, musicbrainz, options }) => {
    await enrich(warehouse, quiet, options);
    const lookups = () => spotify.requests.filter((request) => request.path.startsWith("/v1/")).length;
    const before = { spotify: lookups(), musicbrainz: musicbrainz.requests.length };
    const genres = await warehouse.value("select count(*) from bridge_artist_genre");
    const again = await enrich(warehouse, quiet, options);
    assert.deepEqual(again.spotify, { answers: 0, unknown: 0, failed: 0 });
    assert.deepEqual(again.musicbrainz, { answers: 0, unknown: 0, failed: 0 });
    assert.equal(lookups(), before.spotify);
    assert.equal(musicbrainz.requests.length, before.musicbrainz);

    const { buildMarts } = await import("../warehouse/build.ts");
    await warehouse.transaction(() => buildMarts(warehouse, UTC_SETTINGS));
    assert.equal(await warehouse.value("select count(*) from bridge_artist_genre"), genres);
    assert.equal(
      await warehouse.value(
        "select count(*) from dim_artist where origin_location_key is not null",
      ),
      4,
    );
  });
});

Deno.test("GET /jobs shows enrichment coverage; /api/enrichment gives the same as JSON", async () => {
  await withEnrichment(async ({ warehouse, options }) => {
    const { createApp } = await import("../web/app.tsx");
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
      enrichment: { spotify: true, musicbrainz: false, maxMinutes: 45 },
    });
    const before = await (await app.request("/jobs")).text();
    assert.match(before, /<th scope="row">with a genre<\/th><td class="number">0\.0 %<\/td>/);
    assert.match(before, /<dt>Artists left for MusicBrainz<\/dt><dd>unknown until the first run<\/dd>/);
    assert.match(before, /set <code>MUSICBRAINZ_CONTACT<\/code>/);

    await enrich(warehouse, quiet, options);
    const after = await (await app.request("/jobs")).text();
    // 1,960 of 2,240 s have a genre and a country; 1,720 s a duration.
    assert.match(after, /<th scope="row">with a genre<\/th><td class="number">87\.5 %<\/td>/);
    assert.match(
      after,
      /<th scope="row">with the artist&#39;s country<\/th><td class="number">87\.5 %<\/td>/,
    );
    assert.match(
      after,
      /<th scope="row">with the track&#39;s duration<\/th><td class="number">76\.8 %<\/td>/,
    );
    assert.match(after, /<dt>Left to look up at Spotify<\/dt><dd>0<\/dd>/);
    assert.match(after, /<dt>Last error<\/dt><dd>none<\/dd>/);
    const api = await (await app.request("/api/enrichment")).json();
    assert.equal(api.withDuration, 1720 / 2240);
    assert.equal(api.pendingMusicBrainz, 0);
  });
});

Deno.test("enrich() without any Spotify app matches by name only, and leaves ambiguous names alone", async () => {
  await withEnrichment(async ({ warehouse, spotify, options }) => {
    const result = await enrich(warehouse, quiet, { ...options, spotify: undefined });
    assert.equal(result.spotify.stopped, "no Spotify app is configured");
    assert.equal(spotify.requests.length, 0);
    assert.deepEqual(
      await warehouse.rows(
        "select artist_name_compared as artist, method, mbid from enrich_artist_match order by 1",
      ),
      [
        { artist: "björk", method: "name search", mbid: MB.bjork },
        { artist: "low", method: "none", mbid: null },
        { artist: "massive attack", method: "name search", mbid: MB.massive },
        // Two MusicBrainz artists are called Nirvana: without Spotify's link there is no telling which.
        { artist: "nirvana", method: "none", mbid: null },
        { artist: "sigur rós", method: "name search", mbid: MB.sigur },
        { artist: "unknown band", method: "none", mbid: null },
      ],
    );
    // Björk, Massive Attack, Sigur Rós: 900 + 420 + 240 of 2,240 s.
    assert.equal(result.coverage.withOrigin, 1560 / 2240);
    assert.equal(result.coverage.withDuration, 0);
  });
});

Deno.test("enrich() takes the MusicBrainz id a player sent with a listen as the artist's match, asking nothing to find it", async () => {
  await withEnrichment(async ({ warehouse, musicbrainz, options }) => {
    // Navidrome says which "Low" it played (its tags come from MusicBrainz): the American one.
    await landListens(warehouse, {
      user: "me",
      source: "submitted",
      tokenId: 1,
      listens: [{
        listened_at: Date.parse("2024-02-02T10:00:00Z") / 1000,
        track_metadata: {
          artist_name: "Low",
          track_name: "Sunflower",
          additional_info: { artist_mbids: [MB.lowUs], submission_client: "navidrome" },
        },
      }],
    });
    const runner = new JobRunner({ session: () => warehouse.session(), logger: quiet });
    assert.equal((await runner.run(appendListensJob(UTC_SETTINGS), "cli")).status, "succeeded");
    await enrich(warehouse, quiet, { ...options, spotify: undefined });
    assert.deepEqual(
      await warehouse.rows("select method, mbid from enrich_artist_match where artist_name_compared = 'low'"),
      [{ method: "listen mbid", mbid: MB.lowUs }],
    );
    assert.deepEqual(
      await warehouse.rows(
        `select musicbrainz_match, dim_location.country_code from dim_artist
         left join dim_location on dim_location.location_key = dim_artist.origin_location_key
         where artist_name = 'Low'`,
      ),
      [{ musicbrainz_match: "listen mbid", country_code: "US" }],
    );
    // Low was looked up by its id, never searched for by name.
    assert.ok(!musicbrainz.requests.some((r) => /^\/ws\/2\/artist\?.*query=.*low/i.test(r.path)));
    assert.ok(musicbrainz.requests.some((r) => r.path.startsWith(`/ws/2/artist/${MB.lowUs}?`)));
  });
});

Deno.test("POST /jobs/enrich starts an enrichment run from the Jobs page, once at a time", async () => {
  await withEnrichment(async ({ warehouse }) => {
    const { createApp } = await import("../web/app.tsx");
    let running = false;
    let starts = 0;
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
      enrichment: { spotify: true, musicbrainz: true, maxMinutes: 45 },
      startEnrichment: () => {
        if (running) return false;
        running = true;
        starts++;
        return true;
      },
    });
    assert.match(await (await app.request("/jobs")).text(), /<form method="post" action="\/jobs\/enrich"/);
    const post = () =>
      app.request("/jobs/enrich", { method: "POST", headers: { origin: "http://localhost" } });
    const first = await post();
    assert.equal(first.status, 303);
    assert.equal(first.headers.get("location"), "/jobs?enrich=started");
    assert.match(
      await (await app.request("/jobs?enrich=started")).text(),
      /Enrichment started: it runs for up to 45/,
    );
    assert.equal((await post()).headers.get("location"), "/jobs?enrich=running");
    assert.equal(starts, 1);
    // A cross-site form cannot start it.
    const forged = await app.request("/jobs/enrich", {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(forged.status, 403);
    assert.equal(starts, 1);
  });
});
