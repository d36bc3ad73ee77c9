/**
 * The Behaviour and Podcasts pages on a small hand-made export whose flags, platforms, reasons and shows are
 * known: every share below is counted by hand from the rows.
 */
import assert from "node:assert/strict";
import { importExports } from "../../../pipeline/imports/import_exports.ts";
import {
  extendedRow as row,
  UTC_SETTINGS,
  withWarehouse,
  writeHistory,
} from "../../../tests/test_warehouse.ts";
import { createApp } from "../../app.tsx";
import { tableCells } from "../../test_html.ts";

const music = (ts: string, ms: number, flags: Record<string, unknown>) =>
  row(ts, ms, {
    master_metadata_track_name: "Song",
    master_metadata_album_artist_name: "Band",
    master_metadata_album_album_name: "Record",
    spotify_track_uri: `spotify:track:${ts.replace(/\D/g, "").padStart(22, "0").slice(-22)}`,
    ...flags,
  });

/** Four music plays in 2023 and 2024 (60 s each), two podcast episodes and an audiobook chapter. */
const ROWS = [
  music("2023-03-01T10:00:00Z", 60_000, {
    skipped: true,
    shuffle: true,
    offline: false,
    incognito_mode: false,
    platform: "iOS 14.7.1 (iPhone10,3)",
    reason_start: "clickrow",
    reason_end: "fwdbtn",
  }),
  music("2023-03-01T11:00:00Z", 60_000, {
    skipped: null,
    shuffle: false,
    offline: true,
    incognito_mode: false,
    platform: "Partner google cast_tv;Chromecast;;",
    reason_start: "trackdone",
    reason_end: "trackdone",
  }),
  music("2024-05-01T10:00:00Z", 60_000, {
    skipped: false,
    shuffle: true,
    offline: false,
    incognito_mode: true,
    platform: "android",
    reason_start: "trackdone",
    reason_end: "trackdone",
  }),
  music("2024-05-01T11:00:00Z", 60_000, {
    skipped: false,
    shuffle: true,
    offline: false,
    incognito_mode: false,
    platform: "android",
    reason_start: "",
    reason_end: "trackdone",
  }),
  row("2024-06-01T10:00:00Z", 1_800_000, {
    episode_name: "Episode 1",
    episode_show_name: "The Show",
    spotify_episode_uri: "spotify:episode:0000000000000000000001",
  }),
  row("2024-06-02T10:00:00Z", 1_200_000, {
    episode_name: "Episode 2",
    episode_show_name: "The Show",
    spotify_episode_uri: "spotify:episode:0000000000000000000002",
  }),
  row("2024-06-03T10:00:00Z", 600_000, {
    audiobook_title: "A Book",
    audiobook_uri: "spotify:audiobook:00000000000000000000AB",
    audiobook_chapter_uri: "spotify:chapter:000000000000000000000C",
    audiobook_chapter_title: "Chapter 1",
  }),
];

Deno.test("GET /behaviour and /podcasts count flags, platforms, reasons and shows by hand", async () => {
  await withWarehouse(async (warehouse, dir) => {
    const file = await writeHistory(dir, "Streaming_History_Audio_2023-2024.json", ROWS);
    await importExports(warehouse, [file], { user: "me", settings: UTC_SETTINGS });
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
    });

    const behaviour = await (await app.request("/behaviour")).text();
    // Skipped: 2023 has one known value (true) of two plays; 2024 two known, both false; all: 1 of 3.
    assert.deepEqual(tableCells(behaviour, "flags-heading"), [
      ["2024", "2", "0.0 %", "100.0 %", "0.0 %", "50.0 %"],
      ["2023", "2", "100.0 %", "50.0 %", "50.0 %", "0.0 %"],
      ["All", "4", "33.3 %", "75.0 %", "25.0 %", "25.0 %"],
    ]);
    assert.deepEqual(tableCells(behaviour, "platforms-heading"), [
      ["Android", "2", "2", "50.0 %"],
      ["cast", "1", "1", "25.0 %"],
      ["iOS", "1", "1", "25.0 %"],
    ]);
    assert.deepEqual(tableCells(behaviour, "starts-heading"), [
      ["trackdone", "2", "2", "50.0 %"],
      ["clickrow", "1", "1", "25.0 %"],
      ["unknown", "1", "1", "25.0 %"],
    ]);
    assert.deepEqual(tableCells(behaviour, "ends-heading"), [["trackdone", "3", "3", "75.0 %"], [
      "fwdbtn",
      "1",
      "1",
      "25.0 %",
    ]]);
    const only2023 = await (await app.request("/behaviour?period=2023")).text();
    assert.deepEqual(tableCells(only2023, "flags-heading").map((r) => r[0]), ["2023", "All"]);

    const podcasts = await (await app.request("/podcasts")).text();
    // Years without podcasts or audiobooks are left out; music is there for comparison (2024: two 60 s plays).
    assert.deepEqual(tableCells(podcasts, "years-heading"), [["2024", "50", "10", "2"]]);
    assert.deepEqual(tableCells(podcasts, "shows-heading"), [["The Show", "2", "50", "2 Jun 2024"]]);
    assert.deepEqual(tableCells(podcasts, "books-heading"), [["A Book", "1", "10", "3 Jun 2024"]]);
    const none = await (await app.request("/podcasts?period=2023")).text();
    assert.match(none, /<p>No podcast or audiobook was played in 2023\.<\/p>/);
  });
});
