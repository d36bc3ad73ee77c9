/**
 * Received listens against Spotify's plays, in both paths (added without a rebuild, and a full build) and in
 * either order of arrival: a listen whose names equal a Spotify track play that started within 2 minutes of it
 * is that play, and Spotify's data wins; after either order the marts equal a full build's.
 */
import assert from "node:assert/strict";
import { Logger } from "../log.ts";
import type { Warehouse } from "../warehouse/duckdb.ts";
import { buildMarts } from "../warehouse/build.ts";
import { importExports } from "../pipeline/imports/import_exports.ts";
import { JobRunner } from "../pipeline/jobs/runner.ts";
import { appendListensJob } from "../pipeline/listenbrainz/append.ts";
import { landListens } from "../pipeline/listenbrainz/land.ts";
import { completeConnect, startConnect } from "../pipeline/spotify/connections.ts";
import { ingestJob } from "../pipeline/spotify/ingest.ts";
import { parseRedirect } from "../pipeline/spotify/oauth.ts";
import { FakeSpotify, HYPERBALLAD, JOGA } from "./fakes/spotify.ts";
import { martsSnapshot, UTC_SETTINGS, withWarehouse } from "./test_warehouse.ts";

const quiet = new Logger({ write: () => {}, format: "json" });
const T0 = Date.parse("2026-11-22T10:00:00Z");
const MINUTE = 60_000;

async function run(warehouse: Warehouse, job: Parameters<JobRunner["run"]>[0]) {
  const runner = new JobRunner({ session: () => warehouse.session(), logger: quiet, retries: 0 });
  const result = await runner.run(job, "cli");
  assert.equal(result.status, "succeeded", result.error);
  return result.counts;
}

/** What a build decides: every play, the dimension rows its keys point at, and the sums of the plays. */
async function marts(warehouse: Warehouse) {
  return {
    plays: await warehouse.rows(
      `select play_key::varchar as play_key, source, client, user_key::varchar as u, track_key::varchar as t,
         artist_key::varchar as a, album_key::varchar as al, names_key::varchar as n, date_key, time_key, ms_played,
         ms_is_estimated, is_counted
       from fct_play order by play_key`,
    ),
    tracks: await warehouse.rows(
      `select track_key::varchar as k, track_name from dim_track
       where track_key in (select track_key from fct_play) order by k`,
    ),
    artists: await warehouse.rows(
      `select artist_key::varchar as k, artist_name from dim_artist
       where artist_key in (select artist_key from fct_play) order by k`,
    ),
    // and the sums of the plays the pages read (agg_*)
    sums: await martsSnapshot(warehouse),
  };
}

Deno.test("a listen and Spotify's recently-played play of the same track within 2 minutes are one play, Spotify's, in either order, as a full build decides", async () => {
  for (const order of ["listen first", "Spotify first"]) {
    const fake = new FakeSpotify();
    fake.now = () => T0;
    fake.addTrack(JOGA);
    fake.addTrack(HYPERBALLAD);
    try {
      await withWarehouse(async (warehouse) => {
        const config = fake.config();
        fake.consentUser = "me";
        const consent = await startConnect(warehouse, config, "me");
        const redirect = await fetch(consent, { redirect: "manual" });
        await redirect.body?.cancel();
        await completeConnect(warehouse, config, parseRedirect(redirect.headers.get("location")!));
        // Spotify: Jóga ended 09:30:00 after its 305 s, so it started 09:24:55.
        fake.play("me", JOGA.id, T0 - 30 * MINUTE);
        const startedAt = (T0 - 30 * MINUTE - JOGA.durationMs) / 1000;
        await landListens(warehouse, {
          user: "me",
          source: "submitted",
          tokenId: 1,
          listens: [
            // Jellyfin says Jóga started 110 s after Spotify's start: the same play (within 2 minutes).
            {
              listened_at: startedAt + 110,
              track_metadata: {
                artist_name: "Björk",
                track_name: "Jóga",
                additional_info: { media_player: "Jellyfin" },
              },
            },
            // 3 minutes after: another play of its own.
            {
              listened_at: startedAt + 180 + 305,
              track_metadata: {
                artist_name: "Björk",
                track_name: "Jóga",
                additional_info: { media_player: "Jellyfin" },
              },
            },
            // Hyperballad never reached Spotify.
            {
              listened_at: (T0 - 10 * MINUTE) / 1000,
              track_metadata: {
                artist_name: "Björk",
                track_name: "Hyperballad",
                additional_info: { media_player: "Jellyfin", duration_ms: 321_000 },
              },
            },
          ],
        });
        const steps = [
          () => run(warehouse, appendListensJob(UTC_SETTINGS)),
          () => run(warehouse, ingestJob(config, UTC_SETTINGS, { now: () => new Date(T0) })),
        ];
        if (order === "Spotify first") steps.reverse();
        for (const step of steps) await step();
        assert.deepEqual(
          await warehouse.rows(
            `select source, client, strftime(played_at - to_milliseconds(ms_played), '%H:%M:%S') as started, ms_played
             from fct_play order by played_at`,
          ),
          [
            { source: "api", client: null, started: "09:24:55", ms_played: 305000 },
            // 09:24:55 + 180 s + 305 s, with the 210 s a listen without a duration counts
            { source: "submitted", client: "Jellyfin", started: "09:33:00", ms_played: 210000 },
            { source: "submitted", client: "Jellyfin", started: "09:50:00", ms_played: 321000 },
          ],
          order,
        );
        const incremental = await marts(warehouse);
        await warehouse.transaction(() => buildMarts(warehouse, UTC_SETTINGS));
        assert.deepEqual(await marts(warehouse), incremental, order);
      });
    } finally {
      await fake.close();
    }
  }
});

Deno.test("a listen the same second as a Last.fm scrobble in the marts is that scrobble; one landed twice is one play", async () => {
  await withWarehouse(async (warehouse, dir) => {
    const csv = `${dir}/scrobbles.csv`;
    await Deno.writeTextFile(
      csv,
      "uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid\n" +
        "1771400000,13 Feb 2026 07:33,Low,,Things We Lost in the Fire,,Sunflower,\n",
    );
    await importExports(warehouse, [csv], { user: "me", settings: UTC_SETTINGS });
    const sunflower = {
      listened_at: 1771400000,
      track_metadata: { artist_name: "LOW", track_name: "sunflower" },
    };
    const words = { listened_at: 1771400300, track_metadata: { artist_name: "Low", track_name: "Words" } };
    await landListens(warehouse, {
      user: "me",
      source: "submitted",
      tokenId: 1,
      listens: [sunflower, words],
    });
    await landListens(warehouse, { user: "me", source: "submitted", tokenId: 1, listens: [words] });
    assert.deepEqual(await run(warehouse, appendListensJob(UTC_SETTINGS)), {
      listens: 3,
      newPlays: 1,
      removedPlays: 0,
    });
    assert.deepEqual(
      await warehouse.rows(
        "select source, count(*)::int as plays from fct_play group by all order by source",
      ),
      [{ source: "lastfm", plays: 1 }, { source: "submitted", plays: 1 }],
    );
    const incremental = await marts(warehouse);
    await warehouse.transaction(() => buildMarts(warehouse, UTC_SETTINGS));
    assert.deepEqual(await marts(warehouse), incremental);
  });
});
