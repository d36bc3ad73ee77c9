/** Certifications at their exact thresholds, weeks at #1 and year medals, worked out by hand. */
import assert from "node:assert/strict";
import { importPlays, type TestPlay, withWarehouse } from "../../../tests/test_warehouse.ts";
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { createApp } from "../../app.tsx";
import { factPairs, tableCells } from "../../test_html.ts";
import { bestCertification, certificationOf, medalOf, unfinished } from "./queries.ts";

/** [artist, track, album, counted plays, seconds each]. */
const CATALOGUE: [string, string, string, number, number][] = [
  ["Gold", "G1", "Gold album", 250, 60], // a gold track, exactly; its album is below album gold
  ["Almost", "N1", "Almost album", 249, 60], // one play short
  ["Al", "X1", "AlbumX", 201, 61], // three tracks, none certified, make a gold album of 500
  ["Al", "X2", "AlbumX", 199, 61],
  ["Al", "X3", "AlbumX", 100, 61],
  ["Plat", "P1", "Plat album", 500, 60], // a platinum track on a gold album
];

/** Every play in ISO week 1 of 2023 (2–8 January), four minutes apart, the artists taking turns. */
function plays(): TestPlay[] {
  const queue = CATALOGUE.flatMap(([artist, track, album, count, seconds]) =>
    Array.from({ length: count }, (_, index) => ({ artist, track, album, ms: seconds * 1000, index }))
  ).sort((a, b) => a.index - b.index);
  const start = Date.parse("2023-01-02T00:00:00Z");
  return queue.map(({ index: _index, ...play }, n) => ({
    ...play,
    ts: new Date(start + n * 4 * 60_000).toISOString().replace(".000", ""),
  }));
}

function app(warehouse: Warehouse) {
  return createApp({
    warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
    timezone: "UTC",
    now: () => new Date("2024-06-01T12:00:00Z"),
  });
}

async function cells(warehouse: Warehouse, path: string, heading: string): Promise<string[][]> {
  const response = await app(warehouse).request(path);
  assert.equal(response.status, 200, path);
  const html = (await response.text()).replaceAll('<span class="secondary">', ' <span class="secondary">')
    .replaceAll("<div>", " <div>");
  return tableCells(html, heading);
}

async function certification(warehouse: Warehouse, kind: "artist" | "track", name: string): Promise<string> {
  const key = await warehouse.value<bigint | number>(
    kind === "artist"
      ? "select artist_key from dim_artist where artist_name = $1"
      : "select track_key from dim_track where track_name = $1",
    [name],
  );
  const html = await (await app(warehouse).request(`/charts/history/${kind}/${key}`)).text();
  return factPairs(html, "chart-history-heading")[0][1];
}

Deno.test("certificationOf(): Maloja's thresholds, each from its exact play count", () => {
  assert.deepEqual(
    [249, 250, 499, 500, 999, 1000].map((plays) => certificationOf("track", plays)),
    [null, "gold", "gold", "platinum", "platinum", "diamond"],
  );
  assert.deepEqual(
    [499, 500, 749, 750, 1499, 1500].map((plays) => certificationOf("album", plays)),
    [null, "gold", "gold", "platinum", "platinum", "diamond"],
  );
  assert.equal(bestCertification("gold", null, "platinum"), "platinum");
  assert.equal(bestCertification(null, null), null);
  assert.deepEqual([1, 2, 3, 4].map(medalOf), ["gold", "silver", "bronze", null]);
  // Sunday 2 June 2024 in Auckland is already Monday 3 June: that week is unfinished.
  assert.deepEqual(unfinished(new Date("2024-06-02T13:00:00Z"), "Pacific/Auckland"), {
    today: 20240603,
    weekStart: 20240603,
    year: 2024,
  });
  assert.deepEqual(unfinished(new Date("2024-06-02T13:00:00Z"), "UTC"), {
    today: 20240602,
    weekStart: 20240527,
    year: 2024,
  });
});

Deno.test("GET /records: certified items at exact thresholds, weeks at #1, medals; excluded plays left out", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await importPlays(warehouse, dir, plays());
    assert.equal(await warehouse.value("select count(*) from fct_play where is_counted"), 1499);

    // Artists: Al and Plat have 500 plays each, Al's longer (61 s): Al first everywhere it ties.
    assert.deepEqual(await cells(warehouse, "/records", "certified-heading"), [
      ["gold", "Al", "500", "album AlbumX (500 plays, gold)"],
      ["platinum", "Plat", "500", "track P1 (500 plays, platinum); album Plat album (500 plays, gold)"],
      ["gold", "Gold", "250", "track G1 (250 plays, gold)"],
    ]);
    assert.deepEqual(await cells(warehouse, "/records", "weeks-heading"), [[
      "Al",
      "1",
      "2 Jan 2023",
      "2 Jan 2023",
    ]]);
    assert.deepEqual(await cells(warehouse, "/records", "medals-heading"), [["2023", "Al", "Plat", "Gold"]]);
    assert.deepEqual(await cells(warehouse, "/records/tracks", "certified-heading"), [
      ["platinum", "P1 Plat", "500"],
      ["gold", "G1 Gold", "250"],
    ]);
    assert.deepEqual(await cells(warehouse, "/records/tracks", "medals-heading"), [
      ["2023", "P1 Plat", "G1 Gold", "N1 Almost"],
    ]);
    assert.deepEqual(await cells(warehouse, "/records/albums", "certified-heading"), [
      ["gold", "AlbumX Al", "500"],
      ["gold", "Plat album Plat", "500"],
    ]);
    assert.deepEqual(await cells(warehouse, "/records/albums", "weeks-heading"), [
      ["AlbumX Al", "1", "2 Jan 2023", "2 Jan 2023"],
    ]);
    assert.equal((await app(warehouse).request("/records/genres")).status, 404);

    // The same on the item pages' fragment.
    assert.equal(
      await certification(warehouse, "track", "G1"),
      "gold (250 counted plays; gold at 250, platinum at 500, diamond at 1000)",
    );
    assert.equal(
      await certification(warehouse, "track", "N1"),
      "none yet (249 counted plays; gold at 250, platinum at 500, diamond at 1000)",
    );
    assert.equal(
      await certification(warehouse, "artist", "Al"),
      "gold (the best of its top track X1, 201 plays; top album AlbumX, 500 plays, gold)",
    );
    assert.equal(
      await certification(warehouse, "artist", "Plat"),
      "platinum (the best of its top track P1, 500 plays, platinum; top album Plat album, 500 plays, gold)",
    );

    // One of G1's plays excluded by a rule: 249, no longer gold, nor is its artist; tied with N1 (249 plays of
    // 60 s) for silver, so there is no bronze.
    await warehouse.run(
      `update fct_play set is_excluded = true
       where play_key = (select min(play_key) from fct_play join dim_track using (track_key) where track_name = 'G1')`,
    );
    assert.deepEqual(await cells(warehouse, "/records/tracks", "certified-heading"), [[
      "platinum",
      "P1 Plat",
      "500",
    ]]);
    assert.deepEqual(await cells(warehouse, "/records/tracks", "medals-heading"), [
      ["2023", "P1 Plat", "G1 Gold N1 Almost", ""],
    ]);
    assert.deepEqual((await cells(warehouse, "/records", "certified-heading")).map((row) => row[1]), [
      "Al",
      "Plat",
    ]);
    assert.equal(
      await certification(warehouse, "track", "G1"),
      "none yet (249 counted plays; gold at 250, platinum at 500, diamond at 1000)",
    );
    assert.match(
      await certification(warehouse, "artist", "Gold"),
      /^none yet \(the best of its top track G1, 249 plays;/,
    );
  });
});
