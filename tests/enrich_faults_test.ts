/**
 * Enrichment under faults and odd answers: 503 storms and 5xx from MusicBrainz, Spotify's rate limit, and
 * answers with nulls, wrong types, year-only dates and negative votes. Each is stored as unknown or retried
 * later; none crashes a run or blocks the rest of the queue.
 */
import assert from "node:assert/strict";
import { Logger } from "../log.ts";
import type { Warehouse } from "../warehouse/duckdb.ts";
import { refreshEnrichment } from "../warehouse/build.ts";
import { enrich, type EnrichOptions } from "../pipeline/enrich/mod.ts";
import type { FakeMusicBrainz } from "./fakes/musicbrainz.ts";
import type { FakeSpotify } from "./fakes/spotify.ts";
import { withEnrichment } from "./enrichment_fixture.ts";
import { UTC_SETTINGS, withWarehouse } from "./test_warehouse.ts";

const quiet = new Logger({ write: () => {}, format: "json" });

/** The enrichment scenario with a faster fake MusicBrainz, and fewer retries so that faults show quickly. */
function withFakes(
  fn: (
    warehouse: Warehouse,
    fakes: { spotify: FakeSpotify; musicbrainz: FakeMusicBrainz },
    options: EnrichOptions,
  ) => Promise<void>,
) {
  return withEnrichment(
    ({ warehouse, spotify, musicbrainz, options }) => fn(warehouse, { spotify, musicbrainz }, options),
    {
      minIntervalMs: 50,
      musicbrainzClient: { minIntervalMs: 50, backoffMs: 60, retries: 2 },
      spotifyApi: { sleep: () => Promise.resolve(), backoffMs: 1, retries: 1 },
    },
  );
}

const originCount = (warehouse: Warehouse) =>
  warehouse.value<number>("select count(*) from dim_artist where origin_location_key is not null");

Deno.test("enrich() waits out MusicBrainz 503s with backoff and still never goes faster than allowed", async () => {
  await withFakes(async (warehouse, { musicbrainz }, options) => {
    // Two failed attempts of the first request; the third (retries: 2) is answered.
    musicbrainz.fail({ status: 503, retryAfter: 0 }, { status: 502 });
    const result = await enrich(warehouse, quiet, options);
    assert.equal(result.musicbrainz.failed, 0);
    assert.equal(await originCount(warehouse), 4);
    assert.equal(musicbrainz.requests.filter((request) => request.status >= 500).length, 2);
    assert.equal(musicbrainz.tooFast, 0);
    // Backoff doubles from 60 ms: the retries came at least 60 and 120 ms after the requests before them.
    const [first, second, third] = musicbrainz.requests;
    assert.ok(second.at - first.at >= 60, `first retry after ${second.at - first.at} ms`);
    assert.ok(third.at - second.at >= 120, `second retry after ${third.at - second.at} ms`);
  });
});

Deno.test("enrich() stops asking MusicBrainz after three artists fail in a row, and the next run retries them", async () => {
  await withFakes(async (warehouse, { musicbrainz }, options) => {
    // Three artists, three attempts each (retries: 2), all answered 500.
    musicbrainz.fail(...Array.from({ length: 9 }, () => ({ status: 500 })));
    const first = await enrich(warehouse, quiet, options);
    assert.equal(first.musicbrainz.failed, 3);
    assert.match(first.musicbrainz.stopped ?? "", /^MusicBrainz is not answering: MusicBrainz answered 500/);
    assert.equal(
      await warehouse.value("select count(*) from enrich_failure where service = 'musicbrainz'"),
      3,
    );
    assert.match(first.coverage.lastError?.error ?? "", /answered 500 for url 3 times/);
    assert.equal(await originCount(warehouse), 0);

    const second = await enrich(warehouse, quiet, options);
    assert.equal(second.musicbrainz.failed, 0);
    assert.equal(await originCount(warehouse), 4);
    assert.equal(await warehouse.value("select count(*) from enrich_failure"), 0);
  });
});

Deno.test("enrich() stops asking Spotify at a long rate limit; MusicBrainz goes on with the artists it can match", async () => {
  await withFakes(async (warehouse, { spotify }, options) => {
    // The first lookup answers 429 with an hour to wait: Spotify's part of the run ends at once.
    spotify.fail("tracks", { status: 429, retryAfter: 3600 });
    const first = await enrich(warehouse, quiet, options);
    assert.equal(first.spotify.answers, 0);
    assert.match(first.spotify.stopped ?? "", /rate-limited this app: it asks to wait 3600 s/);
    // Artists with tracks Spotify has not described wait for it; the account-only ones are matched by name.
    assert.deepEqual(
      await warehouse.rows("select artist_name_compared, method from enrich_artist_match order by 1"),
      [{ artist_name_compared: "low", method: "none" }, {
        artist_name_compared: "sigur rós",
        method: "name search",
      }],
    );
    const second = await enrich(warehouse, quiet, options);
    assert.equal(second.spotify.answers, 11);
    assert.equal(await originCount(warehouse), 4);
  });
});

Deno.test("refreshEnrichment() reads odd answers as unknown: nulls, wrong types, year-only dates, negative votes", async () => {
  await withWarehouse(async (warehouse) => {
    const id = (name: string) => name.padStart(22, "0");
    const items: [string, string, unknown][] = [
      ["track", id("T1"), {
        duration_ms: "long",
        explicit: null,
        external_ids: null,
        album: null,
        artists: [null, { id: id("A1"), name: "  Featu\u0308red " }, { id: null, name: "No Id" }, {
          id: id("A2"),
        }],
      }],
      ["track", id("T2"), { artists: "nobody", duration_ms: 1000 }],
      ["track", id("T3"), [1, 2, 3]],
      ["album", id("B1"), { release_date: "0000", release_date_precision: "year", total_tracks: "ten" }],
      ["album", id("B2"), { release_date: "1994-13", release_date_precision: "month", album_type: "ALBUM" }],
      ["album", id("B3"), { release_date: "1987", release_date_precision: "year" }],
      ["artist", id("A1"), { genres: null }],
      ["artist", id("A2"), { genres: ["", "  Shoegaze ", null] }],
    ];
    for (const [kind, spotifyId, response] of items) {
      await warehouse.run("insert into raw_spotify_item values ($1, $2, now(), 200, $3::json)", [
        kind,
        spotifyId,
        JSON.stringify(response),
      ]);
    }
    await warehouse.run("insert into raw_spotify_item values ('track', $1, now(), 404, null)", [id("T4")]);
    const mbid = "5b11f4ce-a62d-471e-81fc-a69a8278c7da";
    await warehouse.run("insert into raw_musicbrainz values ($1, now(), 200, $2::json)", [
      `artist:${mbid}`,
      JSON.stringify({
        id: mbid,
        name: "Band",
        "life-span": { begin: "1987", end: null },
        genres: [
          { name: "noise", count: -2 },
          { name: null, count: 3 },
          { name: "Dream Pop", count: 2 },
          null,
        ],
        area: null,
        begin_area: { id: "a640b45c-c173-49b1-8030-973603e895b5", name: "Atlantis" },
      }),
    ]);
    await warehouse.run("insert into raw_musicbrainz values ($1, now(), 200, $2::json)", [
      "area:a640b45c-c173-49b1-8030-973603e895b5",
      JSON.stringify({
        id: "a640b45c-c173-49b1-8030-973603e895b5",
        name: "Atlantis",
        type: "City",
        relations: null,
      }),
    ]);
    await warehouse.transaction(() => refreshEnrichment(warehouse));

    assert.deepEqual(
      await warehouse.rows(
        "select spotify_track_id, duration_ms, explicit, isrc, spotify_album_id from stg_spotify__tracks order by 1",
      ),
      [
        { spotify_track_id: id("T1"), duration_ms: null, explicit: null, isrc: null, spotify_album_id: null },
        { spotify_track_id: id("T2"), duration_ms: 1000, explicit: null, isrc: null, spotify_album_id: null },
      ],
    );
    assert.deepEqual(
      await warehouse.rows(
        "select * from stg_spotify__track_artists order by spotify_track_id, artist_position",
      ),
      [{
        spotify_track_id: id("T1"),
        artist_position: 1,
        spotify_artist_id: id("A1"),
        artist_name: "Featüred",
        artist_name_compared: "featüred",
      }],
    );
    assert.deepEqual(
      await warehouse.rows(
        `select spotify_album_id, strftime(release_date, '%Y-%m-%d') as release_date, release_date_precision,
         release_year, album_type, total_tracks from stg_spotify__albums order by 1`,
      ),
      [
        {
          spotify_album_id: id("B1"),
          release_date: null,
          release_date_precision: null,
          release_year: null,
          album_type: null,
          total_tracks: null,
        },
        {
          spotify_album_id: id("B2"),
          release_date: null,
          release_date_precision: null,
          release_year: null,
          album_type: "album",
          total_tracks: null,
        },
        {
          spotify_album_id: id("B3"),
          release_date: "1987-01-01",
          release_date_precision: "year",
          release_year: 1987,
          album_type: null,
          total_tracks: null,
        },
      ],
    );
    assert.deepEqual(await warehouse.rows("select * from stg_spotify__artists"), [
      { spotify_artist_id: id("A2"), genre_name: "shoegaze" },
    ]);
    assert.deepEqual(await warehouse.rows("select * from stg_musicbrainz__artist_genres"), [
      { mbid, genre_name: "dream pop", votes: 2 },
    ]);
    assert.deepEqual(
      await warehouse.rows(
        "select begin_year, end_year, area_id, begin_area_id, begin_area_country_code from stg_musicbrainz__artists",
      ),
      [{
        begin_year: 1987,
        end_year: null,
        area_id: null,
        begin_area_id: "a640b45c-c173-49b1-8030-973603e895b5",
        begin_area_country_code: null,
      }],
    );
    assert.equal(await warehouse.value("select count(*) from int_area_countries"), 0);
    assert.deepEqual(await warehouse.rows("select genre_name, parent_genre from dim_genre order by 1"), [
      { genre_name: "dream pop", parent_genre: "pop" },
      { genre_name: "shoegaze", parent_genre: "rock" },
    ]);
  });
});

Deno.test("etlJob() enriches, then rebuilds even when MusicBrainz cannot be reached", async () => {
  await withFakes(async (warehouse, _fakes, options) => {
    const { etlJob } = await import("../pipeline/jobs/etl.ts");
    const { JobRunner } = await import("../pipeline/jobs/runner.ts");
    const runner = new JobRunner({ session: () => warehouse.session(), logger: quiet, retries: 0 });
    const unreachable = {
      ...options,
      musicbrainz: { baseUrl: "http://127.0.0.1:9", contact: "tests@example.org" },
    };
    const result = await runner.run(etlJob(UTC_SETTINGS, unreachable), "cli");
    assert.equal(result.status, "succeeded", result.error);
    assert.equal(result.counts?.spotify_answers, 11);
    assert.equal(result.counts?.musicbrainz_failed, 3);
    assert.match(
      String(result.counts?.musicbrainz_stopped),
      /^MusicBrainz is not answering: MusicBrainz did not answer/,
    );
    assert.equal(result.counts?.plays, 9);
    // Spotify's answers made it into the rebuilt marts.
    assert.equal(await warehouse.value("select count(*) from dim_track where duration_ms is not null"), 3);
  });
});
