import assert from "node:assert/strict";
import { importExports } from "../../../pipeline/imports/import_exports.ts";
import {
  EXPORT_ACCOUNT,
  EXPORT_EXTENDED,
  UTC_SETTINGS,
  withWarehouse,
} from "../../../tests/test_warehouse.ts";
import { createApp } from "../../app.tsx";
import { parsePeriod } from "../../period.ts";
import { generateExtendedHistory } from "../../../pipeline/demo/history/mod.ts";

function rowsOf(html: string) {
  // Names link to their detail pages; the links are checked on their own.
  return [
    ...html.replace(/<a href="\/(?:artists|tracks|albums)\/\d+">|<\/a>/g, "").matchAll(
      /<tr><td class="number">(\d+)<\/td><td>([^<]*)(?:<span class="secondary">([^<]*)<\/span>)?<\/td><td class="number">([\d,]+)<\/td><td class="number">([\d,]+)<\/td><td class="number">([\d.]+) %<\/td><\/tr>/g,
    ),
  ].map((
    m,
  ) => [
    Number(m[1]),
    m[2],
    m[3] ?? null,
    Number(m[4].replace(",", "")),
    Number(m[5].replace(",", "")),
    m[6],
  ]);
}

Deno.test("GET /top/artists ranks by minutes or plays, for all time or a period (hand-computed)", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED, EXPORT_ACCOUNT], { user: "me", settings: UTC_SETTINGS });
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
    });
    const byMinutes = await app.request("/top/artists?period=all&by=minutes");
    assert.equal(byMinutes.status, 200);
    // Björk 819,999 ms (13.7 min), Кино 480,000, Podcast Show 61,000, Sigur Rós 60,490; total 1,421,489 ms.
    assert.deepEqual(rowsOf(await byMinutes.text()), [
      [1, "Björk", null, 4, 14, "57.7"],
      [2, "Кино", null, 2, 8, "33.8"],
      [3, "Podcast Show", null, 1, 1, "4.3"],
      [4, "Sigur Rós", null, 2, 1, "4.3"],
    ]);
    // 2024 only, by counted plays: Björk (Jóga 240,000), Sigur Rós (30,000 + 30,000), Podcast Show (60,000),
    // Кино (Кукушка 200,000); plays tie-break on minutes.
    const year = await (await app.request("/top/artists?period=2024&by=plays")).text();
    assert.deepEqual(rowsOf(year).map((row) => [row[1], row[3]]), [
      ["Sigur Rós", 2],
      ["Björk", 1],
      ["Кино", 1],
      ["Podcast Show", 1],
    ]);
    const tracks = await (await app.request("/top/tracks?period=2015-06-01..2015-06-30&by=minutes")).text();
    assert.deepEqual(rowsOf(tracks).map((row) => [row[1], row[2]]), [["Группа крови", "Кино"], [
      "Jóga",
      "Björk",
    ]]);
    assert.match(tracks, /2 tracks played in 2015-06-01 to 2015-06-30; ranked by minutes\./);
  });
});

Deno.test("GET /top: bad periods get a clear 400, and the list pages through 25 at a time", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED, EXPORT_ACCOUNT], { user: "me", settings: UTC_SETTINGS });
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
    });
    const empty = await (await app.request("/top/albums?period=1999")).text();
    assert.match(empty, /Nothing was played in this period\./);
    for (
      const [period, message] of [
        ["2024-13", /has no month 13/],
        ["2024-02-30..2024-03-01", /2024-02-30 is not a date/],
        ["2024-05-01..2024-01-01", /ends before it starts/],
        ["<script>", /&quot;&lt;script&gt;&quot; is not a period/],
      ] as const
    ) {
      const response = await app.request(`/top/artists?period=${encodeURIComponent(period)}`);
      assert.equal(response.status, 400, period);
      assert.match(await response.text(), message);
    }
    assert.equal((await app.request("/top/genres")).status, 404);
    // Many artists: 25 a page, ranks continue on the next page, and the pages link each other.
    const dir = await Deno.makeTempDir();
    for (const file of generateExtendedHistory({ plays: 3000, seed: 5 })) {
      await Deno.writeTextFile(`${dir}/${file.name.replaceAll("/", "_")}`, file.json);
    }
    await importExports(warehouse, [dir], { user: "me", settings: UTC_SETTINGS });
    await Deno.remove(dir, { recursive: true });
    const total = await warehouse.value<number>("select count(*) from dim_artist");
    const first = await (await app.request("/top/artists")).text();
    const pages = Math.ceil(total / 25);
    assert.equal(rowsOf(first).length, 25);
    assert.match(
      first,
      new RegExp(
        `<span>Page 1 of ${pages}</span><a href="/top/artists\\?period=all&amp;by=plays&amp;page=2" rel="next">`,
      ),
    );
    const second = await (await app.request("/top/artists?period=all&by=plays&page=2")).text();
    assert.equal(rowsOf(second)[0][0], 26);
    assert.match(second, /rel="prev"/);
    assert.equal(parsePeriod("2024-02").fromKey, 20240201);
    assert.equal(parsePeriod(undefined).label, "all time");
  });
});
