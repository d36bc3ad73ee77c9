/**
 * The play rules of the foundation issue, pinned on hand-written fixtures (tests/testdata/export). Every expected
 * number below was worked out by hand from the fixture rows; the comments say which rows make it.
 */
import assert from "node:assert/strict";
import { importExports } from "../pipeline/imports/import_exports.ts";
import { EXPORT_ACCOUNT, EXPORT_EXTENDED, UTC_SETTINGS, withWarehouse } from "./test_warehouse.ts";

const options = { user: "me", settings: UTC_SETTINGS };

Deno.test("importExports() reports rows, new plays, duplicates and rejections per file", async () => {
  await withWarehouse(async (warehouse) => {
    const report = await importExports(warehouse, [EXPORT_EXTENDED, EXPORT_ACCOUNT], options);
    const byFile = Object.fromEntries(report.files.map((file) => [file.file.split("/").pop(), file]));
    assert.deepEqual(
      {
        rows: byFile["Streaming_History_Audio_2023-2025_0.json"].rowsRead,
        new: byFile["Streaming_History_Audio_2023-2025_0.json"].newPlays,
        duplicates: byFile["Streaming_History_Audio_2023-2025_0.json"].duplicates,
        rejected: byFile["Streaming_History_Audio_2023-2025_0.json"].rejected,
      },
      { rows: 8, new: 6, duplicates: 1, rejected: { "no content": 1 } },
    );
    assert.equal(byFile["endsong_0.json"].newPlays, 2);
    assert.equal(byFile["Streaming_History_Video_2023.json"].newPlays, 2);
    assert.deepEqual(
      [byFile["StreamingHistory0.json"].newPlays, byFile["StreamingHistory0.json"].duplicates],
      [3, 3], // new: 12:03 Glósóli, 60000 and 1000 ms "Some episode"; duplicates: two extended plays, one identical row
    );
    assert.deepEqual(byFile["StreamingHistory0.json"].rejected, {
      "unknown artist and track": 1,
      "no content": 1,
    });
    assert.equal(byFile["StreamingHistory0.json"].format, "account_music");
    assert.equal(byFile["StreamingHistory_podcast_0.json"].format, "account_podcast");
    assert.equal(byFile["StreamingHistory_audiobook_0.json"].format, "account_audiobook");
    assert.deepEqual(report.skipped, [{
      file: "account/Userdata.json",
      reason: "a JSON object, not a list of plays",
    }]);
    assert.deepEqual(report.totals, {
      rowsRead: 23,
      newPlays: 16,
      duplicates: 4,
      rejected: { "no content": 2, "unknown artist and track": 1 },
    });
    assert.deepEqual([report.playsBefore, report.playsAfter], [0, 16]);
  });
});

Deno.test("importExports() again with the same data adds nothing", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED, EXPORT_ACCOUNT], options);
    const rawRows = await warehouse.value("select count(*) from raw_spotify_extended");
    const again = await importExports(warehouse, [EXPORT_ACCOUNT, EXPORT_EXTENDED], options);
    assert.deepEqual(again.totals, {
      rowsRead: 23,
      newPlays: 0,
      duplicates: 20,
      rejected: { "no content": 2, "unknown artist and track": 1 },
    });
    assert.deepEqual([again.playsBefore, again.playsAfter], [16, 16]);
    assert.equal(await warehouse.value("select count(*) from raw_spotify_extended"), rawRows);
  });
});

Deno.test("fct_play keeps the near-duplicate with the largest ms_played and counts plays from MIN_PLAY_MS", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED, EXPORT_ACCOUNT], options);
    const rows = await warehouse.rows(
      `select content_type, source, count(*) as plays, count(*) filter (where is_counted) as counted,
              sum(ms_played)::bigint as ms
       from fct_play group by all order by all`,
    );
    assert.deepEqual(rows, [
      { content_type: "audiobook", source: "account", plays: 1, counted: 1, ms: 100000 },
      { content_type: "audiobook", source: "extended", plays: 1, counted: 1, ms: 600000 },
      { content_type: "episode", source: "account", plays: 1, counted: 1, ms: 1800000 },
      { content_type: "episode", source: "extended", plays: 1, counted: 1, ms: 1800000 },
      // c (30000), e (60000), g (1000), Кукушка (200000)
      { content_type: "track", source: "account", plays: 4, counted: 3, ms: 291000 },
      // 240000 + 200000 + 490 (not its 0 ms twin) + 30000 + 29999 + 250000 + 280000 + 100000
      { content_type: "track", source: "extended", plays: 8, counted: 6, ms: 1130489 },
    ]);
    const nearDuplicate = await warehouse.rows(
      "select ms_played, reason_end from fct_play where played_at = '2024-01-02 10:00:00+00'",
    );
    assert.deepEqual(nearDuplicate, [{ ms_played: 490, reason_end: "fwdbtn" }]);
  });
});

Deno.test("artists are one per compared name (NFC, Unicode trim, lower case) and show the most frequent spelling", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED, EXPORT_ACCOUNT], options);
    const rows = await warehouse.rows(
      `select artist_name, count(*) as plays, sum(ms_played)::bigint as ms
       from fct_play join dim_artist using (artist_key) group by all order by ms desc`,
    );
    assert.deepEqual(rows, [
      // NFD "Björk" with a trailing no-break space is the same artist as NFC "Björk"
      { artist_name: "Björk", plays: 5, ms: 819999 },
      { artist_name: "Кино", plays: 2, ms: 480000 },
      { artist_name: "Podcast Show", plays: 2, ms: 61000 },
      // " sigur rós " (once) and "Sigur Rós" (twice) are one artist, shown as "Sigur Rós"
      { artist_name: "Sigur Rós", plays: 3, ms: 60490 },
    ]);
  });
});

Deno.test("tracks are their URI when known and (artist, track) names otherwise", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED, EXPORT_ACCOUNT], options);
    const rows = await warehouse.rows(
      `select track_uri, track_name, count(*) as plays
       from fct_play join dim_track using (track_key) group by all order by track_name, track_uri nulls last`,
    );
    assert.deepEqual(rows, [
      { track_uri: null, track_name: "Glósóli", plays: 2 }, // extended by names + account 12:03
      { track_uri: "spotify:track:0000000000000000000CCC", track_name: "Hoppípolla", plays: 1 },
      { track_uri: "spotify:track:0000000000000000000BBB", track_name: "Hyperballad", plays: 2 },
      { track_uri: "spotify:track:0000000000000000000AAA", track_name: "Jóga", plays: 3 },
      { track_uri: null, track_name: "Some episode", plays: 2 },
      { track_uri: "spotify:track:0000000000000000000DDD", track_name: "Группа крови", plays: 1 },
      { track_uri: null, track_name: "Кукушка", plays: 1 },
    ]);
  });
});

Deno.test("local dates and hours follow TIMEZONE", async () => {
  const perYear =
    `select dim_date.year, count(*) filter (where is_counted) as counted, sum(ms_played)::bigint as ms
                   from fct_play join dim_date using (date_key) group by all order by year`;
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED, EXPORT_ACCOUNT], options);
    assert.deepEqual(await warehouse.rows(perYear), [
      { year: 2015, counted: 2, ms: 530000 },
      { year: 2023, counted: 4, ms: 3900000 },
      { year: 2024, counted: 5, ms: 591489 },
      { year: 2025, counted: 2, ms: 700000 },
    ]);
    assert.deepEqual(
      await warehouse.rows(
        "select date_key, time_key from fct_play where played_at = '2024-01-01 00:30:00+00'",
      ),
      [{ date_key: 20240101, time_key: 30 }],
    );
  });
  const newYork = { timezone: "America/New_York", minPlayMs: 30_000, sessionGapMinutes: 30 };
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED, EXPORT_ACCOUNT], { user: "me", settings: newYork });
    // 2024-01-01T00:30Z is 19:30 on New Year's Eve in New York
    assert.deepEqual(await warehouse.rows(perYear), [
      { year: 2015, counted: 2, ms: 530000 },
      { year: 2023, counted: 5, ms: 4140000 },
      { year: 2024, counted: 4, ms: 351489 },
      { year: 2025, counted: 2, ms: 700000 },
    ]);
    assert.deepEqual(
      await warehouse.rows(
        "select date_key, time_key from fct_play where played_at = '2024-01-01 00:30:00+00'",
      ),
      [{ date_key: 20231231, time_key: 19 * 60 + 30 }],
    );
  }, newYork);
});

Deno.test("account music rows one minute from an extended play of the same names are that play", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED, EXPORT_ACCOUNT], options);
    const rows = await warehouse.rows(
      `select strftime(played_at, '%Y-%m-%d %H:%M') as played, source from fct_play
       join dim_track using (track_key) where track_name = 'Glósóli' order by played`,
    );
    assert.deepEqual(rows, [
      { played: "2024-01-04 12:00", source: "extended" }, // the account row at 12:01 is this play
      { played: "2024-01-04 12:03", source: "account" },
    ]);
  });
});

Deno.test("offline_timestamp in seconds and milliseconds becomes the same kind of timestamp", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED], options);
    const rows = await warehouse.rows(
      `select strftime(offline_at, '%Y-%m-%d %H:%M:%S') as offline_at from fct_play
       where offline_at is not null order by offline_at`,
    );
    assert.deepEqual(rows, [
      { offline_at: "2015-06-01 19:55:00" }, // 1433188500000 ms (endsong)
      { offline_at: "2024-01-01 00:25:00" }, // 1704068700 s
      { offline_at: "2024-01-05 12:00:00" }, // 1704456000 s
    ]);
  });
});

Deno.test("surrogate keys are the same after a rebuild and in another warehouse", async () => {
  const keys = "select play_key, artist_key, track_key from fct_play order by play_key";
  let first: unknown;
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED], options);
    first = await warehouse.rows(keys);
  });
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED], options);
    assert.deepEqual(await warehouse.rows(keys), first);
  });
});
