import assert from "node:assert/strict";
import { Logger } from "../../log.ts";
import { buildMarts } from "../../warehouse/build.ts";
import type { Warehouse } from "../../warehouse/duckdb.ts";
import { importPlays, martsSnapshot, UTC_SETTINGS, withWarehouse } from "../../tests/test_warehouse.ts";
import { JobRunner } from "../jobs/runner.ts";
import { appendListensJob } from "./append.ts";
import { deleteManualListen, landListens } from "./land.ts";

const quiet = new Logger({ write: () => {}, format: "json" });

async function append(warehouse: Warehouse) {
  const runner = new JobRunner({ session: () => warehouse.session(), logger: quiet, retries: 0 });
  const result = await runner.run(appendListensJob(UTC_SETTINGS), "api");
  assert.equal(result.status, "succeeded", result.error);
  return result.counts;
}

function listen(at: string, artist: string, track: string, info: Record<string, unknown> = {}) {
  return {
    listened_at: Date.parse(at) / 1000,
    track_metadata: { artist_name: artist, track_name: track, additional_info: info },
  };
}

const PLAYS = `select source, client, strftime(played_at - to_milliseconds(ms_played), '%H:%M:%S') as started,
  ms_played, ms_is_estimated, track_name from fct_play join dim_track using (track_key) order by played_at, source, ms_played desc`;

/** fct_play, the keys it points at and the sums of it (agg_*), to compare an incremental result with a full build's. */
async function marts(warehouse: Warehouse) {
  return {
    plays: await warehouse.rows(
      `select play_key::varchar as play_key, user_key::varchar as u, track_key::varchar as t,
        artist_key::varchar as a, album_key::varchar as al, date_key, time_key, ms_played, client, source
       from fct_play order by play_key`,
    ),
    tracks: await warehouse.rows(
      "select track_key::varchar as k from dim_track where track_key in (select track_key from fct_play) order by 1",
    ),
    sums: await martsSnapshot(warehouse),
  };
}

Deno.test("appendListensJob() adds received listens as a full build would: repeats once, Spotify's play wins", async () => {
  await withWarehouse(async (warehouse, dir) => {
    // Spotify's export: Jóga ended 10:05:00 after 300 s, so it started 10:00:00.
    await importPlays(warehouse, dir, [
      { ts: "2026-01-10T10:05:00Z", track: "Jóga", artist: "Björk", ms: 300_000 },
    ]);
    await landListens(warehouse, {
      user: "me",
      source: "submitted",
      tokenId: 1,
      listens: [
        // Jóga again, from Navidrome, started 90 s after Spotify's: Spotify's play.
        listen("2026-01-10T10:01:30Z", "björk", "JÓGA", {
          submission_client: "navidrome",
          duration_ms: 305000,
        }),
        listen("2026-01-10T11:00:00Z", "Low", "Words", { media_player: "Jellyfin", duration: 200 }),
        // The same listen twice (another duration, another client): one play.
        listen("2026-01-10T11:00:00Z", "LOW ", "words", { submission_client: "Pano Scrobbler" }),
        listen("2026-01-10T12:00:00Z", "Low", "Lullaby"),
        // Lullaby again, started 100 s later and 100 s shorter: it ends with the first, and is a play of its own.
        listen("2026-01-10T12:01:40Z", "Low", "Lullaby", { duration_ms: 110000 }),
      ],
    });
    assert.deepEqual(await append(warehouse), { listens: 5, newPlays: 3, removedPlays: 0 });
    assert.deepEqual(await warehouse.rows(PLAYS), [
      {
        source: "extended",
        client: null,
        started: "10:00:00",
        ms_played: 300000,
        ms_is_estimated: false,
        track_name: "Jóga",
      },
      {
        source: "submitted",
        client: "Jellyfin",
        started: "11:00:00",
        ms_played: 200000,
        ms_is_estimated: true,
        track_name: "Words",
      },
      {
        source: "submitted",
        client: "unknown",
        started: "12:00:00",
        ms_played: 210000,
        ms_is_estimated: true,
        track_name: "Lullaby",
      },
      {
        source: "submitted",
        client: "unknown",
        started: "12:01:40",
        ms_played: 110000,
        ms_is_estimated: true,
        track_name: "Lullaby",
      },
    ]);
    // Nothing new: nothing changes.
    assert.deepEqual(await append(warehouse), { listens: 0, newPlays: 0, removedPlays: 0 });
    const incremental = await marts(warehouse);
    await warehouse.transaction(() => buildMarts(warehouse, UTC_SETTINGS));
    assert.deepEqual(await marts(warehouse), incremental);
  });
});

Deno.test("appendListensJob() removes a deleted manual listen's play, and its day, artist and year sum as a full build's", async () => {
  await withWarehouse(async (warehouse, dir) => {
    // A Spotify play of the same artist, day and year: the sums keep it and lose only the deleted listen.
    await importPlays(warehouse, dir, [
      { ts: "2026-01-10T22:00:00Z", track: "Road", artist: "Nick Drake", ms: 190_000 },
    ]);
    const [{ listenIds }] = await landListens(warehouse, {
      user: "me",
      source: "manual",
      listens: [listen("2026-01-10T20:00:00Z", "Nick Drake", "Pink Moon", { duration_ms: 123000 })],
    });
    assert.deepEqual(await append(warehouse), { listens: 1, newPlays: 1, removedPlays: 0 });
    assert.deepEqual((await warehouse.rows(PLAYS)).filter((play) => play.source === "manual"), [
      {
        source: "manual",
        client: "manual",
        started: "20:00:00",
        ms_played: 123000,
        ms_is_estimated: false,
        track_name: "Pink Moon",
      },
    ]);
    assert.equal(await deleteManualListen(warehouse, listenIds[0]), true);
    assert.deepEqual(await append(warehouse), { listens: 0, newPlays: 0, removedPlays: 1 });
    assert.deepEqual((await warehouse.rows(PLAYS)).map((play) => play.track_name), ["Road"]);
    const incremental = await marts(warehouse);
    await warehouse.transaction(() => buildMarts(warehouse, UTC_SETTINGS));
    assert.deepEqual(await marts(warehouse), incremental);
  });
});
