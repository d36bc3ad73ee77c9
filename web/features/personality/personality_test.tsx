/** The Personality page's features, on three generated years whose every feature is known by construction. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { importExports } from "../../../pipeline/imports/import_exports.ts";
import { UTC_SETTINGS, withWarehouse } from "../../../tests/test_warehouse.ts";
import { yearFeatures } from "./queries.ts";
import { createApp } from "../../app.tsx";

/** 100 plays of 60 s in `year` at `hour` (UTC), the i-th by artist `artist(i)`, skipped as `skipped(i)` says. */
function yearOfPlays(
  year: number,
  hour: number,
  artist: (i: number) => string,
  skipped: (i: number) => boolean | null,
) {
  return Array.from({ length: 100 }, (_, i) => ({
    ts: new Date(Date.UTC(year, 0, 1 + Math.floor(i / 10), hour, (i % 10) * 2, 0)).toISOString().replace(
      ".000",
      "",
    ),
    ms_played: 60_000,
    master_metadata_track_name: `${artist(i)} song`,
    master_metadata_album_artist_name: artist(i),
    master_metadata_album_album_name: "Record",
    spotify_track_uri: `spotify:track:${artist(i).padStart(22, "0")}`,
    skipped: skipped(i),
  }));
}

Deno.test("yearFeatures() and GET /personality describe each year by hand-known features", async () => {
  await withWarehouse(async (warehouse, dir) => {
    const rows = [
      // 2021: all at 23:00, 50 artists twice each, 10 skips: night 100 %, 50 artists per 100 plays, all new,
      // 2 plays per track, 10 % skipped.
      ...yearOfPlays(2021, 23, (i) => `A${i % 50}`, (i) => i < 10),
      // 2022: all at 09:00, one artist already known: morning 100 %, 1 artist per 100 plays, none new, 100 plays
      // per track, no skips.
      ...yearOfPlays(2022, 9, () => "A0", () => false),
      // 2023: all at 15:00, 10 new artists ten times each, skips not recorded.
      ...yearOfPlays(2023, 15, (i) => `B${i % 10}`, () => null),
    ];
    const file = join(dir, "Streaming_History_Audio_2021-2023.json");
    await Deno.writeTextFile(file, JSON.stringify(rows));
    await importExports(warehouse, [file], { user: "me", settings: UTC_SETTINGS });

    const years = await yearFeatures(warehouse);
    assert.deepEqual(years.map((year) => [year.year, year.plays, year.values]), [
      [2021, 100, { night: 1, morning: 0, diversity: 50, discovery: 1, replay: 2, skips: 0.1 }],
      [2022, 100, { night: 0, morning: 1, diversity: 1, discovery: 0, replay: 100, skips: 0 }],
      [2023, 100, { night: 0, morning: 0, diversity: 10, discovery: 1, replay: 10, skips: Number.NaN }],
    ]);

    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
    });
    const html = await (await app.request("/personality")).text();
    const table = html.split('id="years-heading"')[1];
    const cells = [...table.matchAll(/<tr><th scope="row">(\d+)<\/th>(.*?)<\/tr>/gs)].map((
      m,
    ) => [m[1], ...[...m[2].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((cell) => cell[1]).slice(0, 7)]);
    assert.deepEqual(cells, [
      ["2021", "100", "100.0 %", "0.0 %", "50.0", "100.0 %", "2.0", "10.0 %"],
      ["2022", "100", "0.0 %", "100.0 %", "1.0", "0.0 %", "100.0", "0.0 %"],
      ["2023", "100", "0.0 %", "0.0 %", "10.0", "100.0 %", "10.0", "–"],
    ]);
    // Three years, three profiles (k = 3), each year in its own.
    assert.equal([...html.matchAll(/<div class="panel"><h3>/g)].length, 3);
  });
});
