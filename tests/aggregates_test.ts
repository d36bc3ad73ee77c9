/**
 * The sums the pages read instead of every play (sql/marts/agg_*.sql), checked against values worked out by hand
 * for a small export: five plays over two days and a year later, with platforms, reasons and flags.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { importExports } from "../pipeline/imports/import_exports.ts";
import { UTC_SETTINGS, withWarehouse } from "./test_warehouse.ts";

/** ts is when a play ended, which is its played_at (UTC, and the warehouse's TIMEZONE here). */
const PLAYS = [
  // 2024-03-01 08:50, counted, Android, skipped false, shuffle true
  {
    ts: "2024-03-01T08:50:00Z",
    ms: 200_000,
    track: "Jóga",
    artist: "Björk",
    platform: "Android OS 14",
    start: "clickrow",
    end: "trackdone",
    skipped: false,
    shuffle: true,
  },
  // 2024-03-01 08:55, not counted (under 30 s), Android, skipped true, shuffle true
  {
    ts: "2024-03-01T08:55:00Z",
    ms: 10_000,
    track: "Hyperballad",
    artist: "Björk",
    platform: "Android OS 14",
    start: "trackdone",
    end: "fwdbtn",
    skipped: true,
    shuffle: true,
  },
  // 2024-03-01 23:30, counted, Windows, skipped unknown, shuffle false
  {
    ts: "2024-03-01T23:30:00Z",
    ms: 240_000,
    track: "Army of Me",
    artist: "Björk",
    platform: "Windows 10",
    start: "trackdone",
    end: "trackdone",
    skipped: null,
    shuffle: false,
  },
  // 2024-03-02 09:00, counted, iOS
  {
    ts: "2024-03-02T09:00:00Z",
    ms: 300_000,
    track: "Teardrop",
    artist: "Massive Attack",
    platform: "iOS 17.1",
    start: "clickrow",
    end: "trackdone",
    skipped: false,
    shuffle: false,
  },
  // 2025-01-05 12:00, counted, no platform or reasons said
  {
    ts: "2025-01-05T12:00:00Z",
    ms: 300_000,
    track: "Jóga",
    artist: "Björk",
    platform: null,
    start: null,
    end: null,
    skipped: null,
    shuffle: null,
  },
];

async function importHandBuilt(warehouse: Parameters<Parameters<typeof withWarehouse>[0]>[0], dir: string) {
  const file = join(dir, "Streaming_History_Audio_2024.json");
  await Deno.writeTextFile(
    file,
    JSON.stringify(PLAYS.map((play) => ({
      ts: play.ts,
      platform: play.platform,
      ms_played: play.ms,
      master_metadata_track_name: play.track,
      master_metadata_album_artist_name: play.artist,
      master_metadata_album_album_name: `${play.artist} album`,
      spotify_track_uri: `spotify:track:${play.track.replaceAll(" ", "").padStart(22, "0")}`,
      reason_start: play.start,
      reason_end: play.end,
      shuffle: play.shuffle,
      skipped: play.skipped,
      offline: false,
      incognito_mode: false,
    }))),
  );
  await importExports(warehouse, [file], { user: "me", settings: UTC_SETTINGS });
}

Deno.test("agg_play_hour: plays, counted plays, milliseconds and flags per local day and hour", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await importHandBuilt(warehouse, dir);
    const rows = await warehouse.rows(
      `select date_key, hour, content_type, plays, counted_plays, ms_played,
          strftime(first_played_at, '%H:%M:%S') as first, strftime(last_played_at, '%H:%M:%S') as last,
          skipped_known, skipped, shuffle_known, shuffle, offline_known, offline, incognito_known, incognito
       from agg_play_hour order by date_key, hour`,
    );
    const flags = (known: number[], set: number[]) => ({
      skipped_known: known[0],
      skipped: set[0],
      shuffle_known: known[1],
      shuffle: set[1],
      offline_known: known[2],
      offline: set[2],
      incognito_known: known[3],
      incognito: set[3],
    });
    assert.deepEqual(rows, [
      // 08:50 (counted, not skipped, shuffle) and 08:55 (10 s: not counted, skipped, shuffle)
      {
        date_key: 20240301,
        hour: 8,
        content_type: "track",
        plays: 2,
        counted_plays: 1,
        ms_played: 210_000,
        first: "08:50:00",
        last: "08:55:00",
        ...flags([2, 2, 2, 2], [1, 2, 0, 0]),
      },
      // skipped not said
      {
        date_key: 20240301,
        hour: 23,
        content_type: "track",
        plays: 1,
        counted_plays: 1,
        ms_played: 240_000,
        first: "23:30:00",
        last: "23:30:00",
        ...flags([0, 1, 1, 1], [0, 0, 0, 0]),
      },
      {
        date_key: 20240302,
        hour: 9,
        content_type: "track",
        plays: 1,
        counted_plays: 1,
        ms_played: 300_000,
        first: "09:00:00",
        last: "09:00:00",
        ...flags([1, 1, 1, 1], [0, 0, 0, 0]),
      },
      // neither skipped nor shuffle said
      {
        date_key: 20250105,
        hour: 12,
        content_type: "track",
        plays: 1,
        counted_plays: 1,
        ms_played: 300_000,
        first: "12:00:00",
        last: "12:00:00",
        ...flags([0, 0, 1, 1], [0, 0, 0, 0]),
      },
    ]);
  });
});

Deno.test("agg_play_label: counted plays and milliseconds per day by platform family and reasons", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await importHandBuilt(warehouse, dir);
    const rows = await warehouse.rows(
      `select date_key, label_kind, label, counted_plays, ms_played from agg_play_label
       order by date_key, label_kind, label`,
    );
    assert.deepEqual(rows, [
      {
        date_key: 20240301,
        label_kind: "platform",
        label: "Android",
        counted_plays: 1,
        ms_played: 210_000,
      },
      {
        date_key: 20240301,
        label_kind: "platform",
        label: "Windows",
        counted_plays: 1,
        ms_played: 240_000,
      },
      {
        date_key: 20240301,
        label_kind: "reason end",
        label: "fwdbtn",
        counted_plays: 0,
        ms_played: 10_000,
      },
      {
        date_key: 20240301,
        label_kind: "reason end",
        label: "trackdone",
        counted_plays: 2,
        ms_played: 440_000,
      },
      {
        date_key: 20240301,
        label_kind: "reason start",
        label: "clickrow",
        counted_plays: 1,
        ms_played: 200_000,
      },
      {
        date_key: 20240301,
        label_kind: "reason start",
        label: "trackdone",
        counted_plays: 1,
        ms_played: 250_000,
      },
      { date_key: 20240302, label_kind: "platform", label: "iOS", counted_plays: 1, ms_played: 300_000 },
      {
        date_key: 20240302,
        label_kind: "reason end",
        label: "trackdone",
        counted_plays: 1,
        ms_played: 300_000,
      },
      {
        date_key: 20240302,
        label_kind: "reason start",
        label: "clickrow",
        counted_plays: 1,
        ms_played: 300_000,
      },
      {
        date_key: 20250105,
        label_kind: "platform",
        label: "unknown",
        counted_plays: 1,
        ms_played: 300_000,
      },
      {
        date_key: 20250105,
        label_kind: "reason end",
        label: "unknown",
        counted_plays: 1,
        ms_played: 300_000,
      },
      {
        date_key: 20250105,
        label_kind: "reason start",
        label: "unknown",
        counted_plays: 1,
        ms_played: 300_000,
      },
    ]);
  });
});

Deno.test("agg_item: each artist, track and album with plays, minutes and its first counted day", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await importHandBuilt(warehouse, dir);
    const rows = await warehouse.rows(
      `select kind, coalesce(dim_artist.artist_name, dim_track.track_name, dim_album.album_name) as name,
          plays, counted_plays, ms_played, strftime(first_played_at, '%Y-%m-%d %H:%M') as first,
          strftime(last_played_at, '%Y-%m-%d %H:%M') as last, strftime(first_counted_at, '%Y-%m-%d %H:%M')
          as first_counted, first_counted_date_key
       from agg_item
       left join dim_artist on kind = 'artist' and dim_artist.artist_key = item_key
       left join dim_track on kind = 'track' and dim_track.track_key = item_key
       left join dim_album on kind = 'album' and dim_album.album_key = item_key
       order by kind, name`,
    );
    const row = (
      kind: string,
      name: string,
      plays: number,
      counted: number,
      ms: number,
      first: string,
      last: string,
      firstCounted: string | null,
      firstKey: number | null,
    ) => ({
      kind,
      name,
      plays,
      counted_plays: counted,
      ms_played: ms,
      first,
      last,
      first_counted: firstCounted,
      first_counted_date_key: firstKey,
    });
    assert.deepEqual(rows, [
      row(
        "album",
        "Björk album",
        4,
        3,
        750_000,
        "2024-03-01 08:50",
        "2025-01-05 12:00",
        "2024-03-01 08:50",
        20240301,
      ),
      row(
        "album",
        "Massive Attack album",
        1,
        1,
        300_000,
        "2024-03-02 09:00",
        "2024-03-02 09:00",
        "2024-03-02 09:00",
        20240302,
      ),
      row(
        "artist",
        "Björk",
        4,
        3,
        750_000,
        "2024-03-01 08:50",
        "2025-01-05 12:00",
        "2024-03-01 08:50",
        20240301,
      ),
      row(
        "artist",
        "Massive Attack",
        1,
        1,
        300_000,
        "2024-03-02 09:00",
        "2024-03-02 09:00",
        "2024-03-02 09:00",
        20240302,
      ),
      row(
        "track",
        "Army of Me",
        1,
        1,
        240_000,
        "2024-03-01 23:30",
        "2024-03-01 23:30",
        "2024-03-01 23:30",
        20240301,
      ),
      // a 10-second play is a play but not a counted one: no first counted day
      row("track", "Hyperballad", 1, 0, 10_000, "2024-03-01 08:55", "2024-03-01 08:55", null, null),
      row(
        "track",
        "Jóga",
        2,
        2,
        500_000,
        "2024-03-01 08:50",
        "2025-01-05 12:00",
        "2024-03-01 08:50",
        20240301,
      ),
      row(
        "track",
        "Teardrop",
        1,
        1,
        300_000,
        "2024-03-02 09:00",
        "2024-03-02 09:00",
        "2024-03-02 09:00",
        20240302,
      ),
    ]);
  });
});

Deno.test("agg_listener_year: the six personality features of each year, by hand", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await importHandBuilt(warehouse, dir);
    const rows = await warehouse.rows(
      `select year, plays, night, morning, round(diversity, 6) as diversity, discovery, replay, skips
       from agg_listener_year order by year`,
    );
    assert.deepEqual(rows, [
      {
        year: 2024,
        plays: 3,
        night: 240_000 / 750_000, // the play at 23:30 of the year's 750,000 ms
        morning: 510_000 / 750_000, // 08:50 and 08:55 on 1 March, 09:00 on 2 March
        diversity: 66.666667, // 2 artists in 3 counted plays
        discovery: 1, // every counted play is of an artist first heard in 2024
        replay: 1, // 3 counted plays of 3 tracks
        skips: 1 / 3, // of the three that say: false, true, false
      },
      // no minutes at night or in the morning (12:00 is afternoon): no share, which the page reads as 0
      {
        year: 2025,
        plays: 1,
        night: null,
        morning: null,
        diversity: 100,
        discovery: 0,
        replay: 1,
        skips: null,
      },
    ]);
  });
});
