/** The weekly and monthly charts, rank history and weeks at #1 on a hand-built history, worked out by hand. */
import assert from "node:assert/strict";
import { importPlays, withWarehouse } from "../../../tests/test_warehouse.ts";
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { createApp } from "../../app.tsx";
import { factPairs, tableCells } from "../../test_html.ts";
import { rankHistory } from "./queries.ts";

/**
 * [day (plays end at 12:00 UTC), artist, seconds]; each artist has one track, "<artist>1", on "<artist> album".
 * ISO weeks of 2024: W01 1–7 Jan, W02 8–14, W03 15–21, W04 22–28, W05 29 Jan – 4 Feb.
 */
const PLAYS: [string, string, number][] = [
  // 2023-W51: B and Z tie (both #1, both gold for 2023).
  ["2023-12-20", "B", 60],
  ["2023-12-21", "Z", 60],
  // W01: A 3; B and C 2 plays and 2 minutes each (tied: 1, 2, 2, 4); D 1.
  ["2024-01-01", "A", 60],
  ["2024-01-02", "A", 60],
  ["2024-01-03", "A", 60],
  ["2024-01-02", "B", 60],
  ["2024-01-04", "B", 60],
  ["2024-01-03", "C", 60],
  ["2024-01-05", "C", 60],
  ["2024-01-06", "D", 60],
  // W02: B 4; D 2 plays of 2 minutes beat A's 2 of 1 minute; E 1.
  ["2024-01-08", "B", 60],
  ["2024-01-09", "B", 60],
  ["2024-01-10", "B", 60],
  ["2024-01-11", "B", 60],
  ["2024-01-09", "A", 60],
  ["2024-01-10", "A", 60],
  ["2024-01-12", "D", 120],
  ["2024-01-13", "D", 120],
  ["2024-01-14", "E", 60],
  // W03: C 1 play of 90 s beats A's of 60 s; B only a 10-second skip (not counted: not in the chart).
  ["2024-01-15", "C", 90],
  ["2024-01-16", "A", 60],
  ["2024-01-17", "B", 10],
  // W04: E 3 (to be excluded), A 1.
  ["2024-01-22", "A", 60],
  ["2024-01-23", "E", 60],
  ["2024-01-24", "E", 60],
  ["2024-01-25", "E", 60],
  // W05: A and B tie for #1.
  ["2024-01-29", "A", 60],
  ["2024-01-30", "B", 60],
];

async function setUp(warehouse: Warehouse, dir: string): Promise<void> {
  await importPlays(
    warehouse,
    dir,
    PLAYS.map(([day, artist, seconds], index) => ({
      // distinct minutes: no two plays end at the same moment
      ts: `${day}T12:${String(index).padStart(2, "0")}:00Z`,
      artist,
      track: `${artist}1`,
      ms: seconds * 1000,
    })),
  );
}

function appAt(warehouse: Warehouse, now: string) {
  return createApp({
    warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
    timezone: "UTC",
    now: () => new Date(now),
  });
}

/** The chart's rows as [rank, previous rank, movement, name, plays]. */
async function chartRows(app: ReturnType<typeof createApp>, path: string): Promise<string[][]> {
  const response = await app.request(path);
  assert.equal(response.status, 200, path);
  return tableCells(spaced(await response.text()), "chart-heading").map((
    row,
  ) => [row[0], row[1], row[2], row[3], row[4]]);
}

/** A name and its artist below it read "A1 A". */
function spaced(html: string): string {
  return html.replaceAll('<span class="secondary">', ' <span class="secondary">');
}

async function excludeE(warehouse: Warehouse): Promise<void> {
  // What an exclusion rule will do: E's plays of week 4 leave every statistic.
  await warehouse.run(
    `update fct_play set is_excluded = true
     where artist_key = (select artist_key from dim_artist where artist_name = 'E') and date_key >= 20240122`,
  );
}

Deno.test("GET /charts/artists: weekly ranks with shared ties (1, 2, 2, 4) and new, re-entry, up, down, same", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await setUp(warehouse, dir);
    const app = appAt(warehouse, "2024-03-01T12:00:00Z");
    assert.deepEqual(await chartRows(app, "/charts/artists?period=2024-W01"), [
      ["1", "–", "new", "A", "3"],
      // B charted in 2023-W51, not in 2023-W52: back again
      ["2", "–", "re-entry", "B", "2"],
      ["2", "–", "new", "C", "2"],
      ["4", "–", "new", "D", "1"],
    ]);
    assert.deepEqual(await chartRows(app, "/charts/artists?period=2024-W02"), [
      ["1", "2", "↑ 1", "B", "4"],
      ["2", "4", "↑ 2", "D", "2"],
      ["3", "1", "↓ 2", "A", "2"],
      ["4", "–", "new", "E", "1"],
    ]);
    // B's only play of week 3 is a skip: it does not chart.
    assert.deepEqual(await chartRows(app, "/charts/artists?period=2024-W03"), [
      ["1", "–", "re-entry", "C", "1"],
      ["2", "3", "↑ 1", "A", "1"],
    ]);
    assert.deepEqual(await chartRows(app, "/charts/artists?period=2024-W04"), [
      ["1", "–", "re-entry", "E", "3"],
      ["2", "2", "=", "A", "1"],
    ]);
    // Tracks chart the same way (one track each), with their artist.
    assert.deepEqual((await chartRows(app, "/charts/tracks?period=2024-W05")).map((row) => row.slice(0, 4)), [
      ["1", "2", "↑ 1", "A1 A"],
      ["1", "–", "re-entry", "B1 B"],
    ]);
    // Excluded plays leave the charts: A is #1 of week 4, moving up from 2.
    await excludeE(warehouse);
    assert.deepEqual(await chartRows(app, "/charts/artists?period=2024-W04"), [["1", "2", "↑ 1", "A", "1"]]);
  });
});

Deno.test("GET /charts/artists: a month against the month before; no period is the latest week; links", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await setUp(warehouse, dir);
    await excludeE(warehouse);
    const app = appAt(warehouse, "2024-03-01T12:00:00Z");
    // January: A 8, B 7 (and a skip), D 3 plays in 5 minutes before C's 3 in 3.5; E 1 (3 excluded).
    // December: B and Z tied at 1.
    assert.deepEqual(await chartRows(app, "/charts/artists?period=2024-01"), [
      ["1", "–", "new", "A", "8"],
      ["2", "1", "↓ 1", "B", "7"],
      ["3", "–", "new", "D", "3"],
      ["4", "–", "new", "C", "3"],
      ["5", "–", "new", "E", "1"],
    ]);
    const latest = await (await app.request("/charts/albums")).text();
    assert.match(latest, /Week 5 of 2024 <span class="secondary">29 Jan – 4 Feb 2024<\/span>/);
    assert.deepEqual(tableCells(spaced(latest), "chart-heading").map((row) => row[3]), [
      "A album A",
      "B album B",
    ]);
    assert.match(latest, /<a href="\/charts\/albums\?period=2024-W04" rel="prev">← Week 4 of 2024<\/a>/);
    assert.doesNotMatch(latest, /rel="next"/);
    // The switch: week 5's Thursday is 1 February.
    assert.match(latest, /<a href="\/charts\/albums\?period=2024-02"[^>]*>Monthly<\/a>/);
    const month = await (await app.request("/charts/albums?every=month")).text();
    // The latest month with plays; its week is the one holding its first Thursday.
    assert.match(month, /<h2 id="chart-heading">January 2024 /);
    assert.match(month, /<a href="\/charts\/albums\?period=2024-W01"[^>]*>Weekly<\/a>/);
    const first = await (await app.request("/charts/artists?period=2023-W51")).text();
    assert.doesNotMatch(first, /rel="prev"/);
    assert.match(first, /<a href="\/charts\/artists\?period=2023-W52" rel="next">Week 52 of 2023 →<\/a>/);
    assert.match(await (await app.request("/charts/artists?period=2023-W52")).text(), /Nothing was played/);
    assert.doesNotMatch(latest, /not over yet/);
    const during = await (await appAt(warehouse, "2024-01-31T12:00:00Z").request("/charts/artists")).text();
    assert.match(during, /This week is not over yet: its chart may still change\./);
  });
});

Deno.test("GET /charts: hostile and impossible periods get a 400 with the text escaped; unknown kinds 404", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await setUp(warehouse, dir);
    const app = appAt(warehouse, "2024-03-01T12:00:00Z");
    for (
      const [period, message] of [
        ["2023-W54", /&quot;2023-W54&quot; is not a week: 2023 has ISO weeks 1 to 52/],
        ["2023-W53", /2023 has ISO weeks 1 to 52/],
        ["2023-W00", /2023 has ISO weeks 1 to 52/],
        ["2023-13", /&quot;2023-13&quot; has no month 13/],
        [
          "<script>alert(1)</script>",
          /&quot;&lt;script&gt;alert\(1\)…&quot; is not a chart period/,
        ],
        ["x".repeat(100_000), /&quot;x{16}…&quot; is not a chart period/],
        ["2024", /&quot;2024&quot; is not a chart period: use a week \(2023-W40\) or a month \(2023-10\)/],
        ["0999-W01", /the year 999 is too early/],
      ] as const
    ) {
      const response = await app.request(`/charts/artists?period=${encodeURIComponent(period)}`);
      assert.equal(response.status, 400, period.slice(0, 20));
      const html = await response.text();
      assert.match(html, message);
      assert.doesNotMatch(html, /<script>alert/);
    }
    // 2020 has 53 weeks.
    assert.equal((await app.request("/charts/artists?period=2020-W53")).status, 200);
    assert.equal((await app.request("/charts/genres")).status, 404);
    assert.equal((await app.request("/charts")).headers.get("location"), "/charts/artists");
    assert.equal((await app.request("/charts/history/genre/1")).status, 404);
    assert.equal((await app.request("/charts/history/artist/12345")).status, 404);
    assert.equal((await app.request("/charts/history/artist/%3Cb%3E")).status, 404);
  });
});

Deno.test("rank history and weeks at #1 on the item page's fragment; only finished weeks count", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await setUp(warehouse, dir);
    await excludeE(warehouse);
    const keyOf = async (name: string) =>
      BigInt(
        await warehouse.value<bigint | number>("select artist_key from dim_artist where artist_name = $1", [
          name,
        ]),
      );
    const [a, b] = [await keyOf("A"), await keyOf("B")];
    assert.deepEqual(
      (await rankHistory(warehouse, "artist", a, "week")).map((p) => [p.periodStart, p.rank, p.entries]),
      [
        [20240101, 1, 4],
        [20240108, 3, 4],
        [20240115, 2, 2],
        [20240122, 1, 1],
        [20240129, 1, 2],
      ],
    );
    assert.deepEqual(
      (await rankHistory(warehouse, "artist", b, "month")).map((p) => [p.periodStart, p.rank, p.plays]),
      [
        [20231201, 1, 1],
        [20240101, 2, 7],
      ],
    );
    assert.deepEqual(
      (await rankHistory(warehouse, "artist", b, "year")).map((p) => [p.periodStart, p.rank]),
      [
        [20230101, 1],
        [20240101, 2],
      ],
    );

    const app = appAt(warehouse, "2024-03-01T12:00:00Z");
    const response = await app.request(`/charts/history/artist/${a}`, { headers: { "HX-Request": "true" } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("vary") ?? "", /HX-Request/);
    const fragment = await response.text();
    assert.ok(fragment.startsWith('<section id="chart-history"'), "a fragment, without the layout");
    assert.deepEqual(factPairs(fragment, "chart-history-heading"), [
      ["Certification", "none yet (the best of its top track A1, 8 plays; top album A album, 8 plays)"],
      ["Weeks at #1", "3 (latest: week of 29 Jan 2024)"],
      ["Year medals", "none"],
    ]);
    assert.match(fragment, /In the charts 5 weeks; best rank #1 \(3 weeks\)\./);
    assert.match(fragment, /<a href="\/charts\/artists\?period=2024-W05">week of 29 Jan 2024<\/a>/);
    assert.match(fragment, /<svg[^>]*aria-label="Weekly rank: A"/);
    // During week 5 it is not finished: A was #1 of weeks 1 and 4 only. In 2025, 2024 is a finished year.
    const during =
      await (await appAt(warehouse, "2024-01-31T12:00:00Z").request(`/charts/history/artist/${a}`))
        .text();
    assert.equal(factPairs(during, "chart-history-heading")[1][1], "2 (latest: week of 22 Jan 2024)");
    assert.match(during, /<title>A: chart history · Music Tracker<\/title>/, "alone, it is a page");
    const later =
      await (await appAt(warehouse, "2025-06-01T12:00:00Z").request(`/charts/history/artist/${b}`))
        .text();
    assert.equal(factPairs(later, "chart-history-heading")[2][1], "gold 2023; silver 2024");
    // The switch swaps the rank chart alone (one statement), which is a page of its own without htmx.
    assert.match(
      fragment,
      new RegExp(
        `<a href="/charts/history/artist/${a}/ranks\\?every=month" hx-get="/charts/history/artist/${a}/ranks\\?every=month" hx-target="#rank-chart"`,
      ),
    );
    const ranks = await app.request(`/charts/history/artist/${b}/ranks?every=month`, {
      headers: { "HX-Request": "true" },
    });
    assert.match(ranks.headers.get("vary") ?? "", /HX-Request/);
    const ranksHtml = await ranks.text();
    assert.ok(ranksHtml.startsWith('<div id="rank-chart">'));
    assert.match(ranksHtml, /<a[^>]*aria-current="page">Monthly rank<\/a>/);
    assert.match(ranksHtml, /<svg[^>]*aria-label="Monthly rank: B"/);
    assert.match(ranksHtml, /In the charts 2 months; best rank #1 \(1 month\)\./);
    const monthlyPage = await (await app.request(`/charts/history/artist/${b}/ranks?every=month`)).text();
    assert.match(monthlyPage, /<title>B: monthly rank · Music Tracker<\/title>/);
    assert.match(monthlyPage, /In the charts 2 months/);
    assert.equal(
      (await app.request("/charts/history/artist/1/ranks", { headers: { "HX-Request": "true" } })).status,
      404,
    );

    // The item page loads it.
    const page = await (await app.request(`/artists/${a}`)).text();
    assert.match(page, new RegExp(`hx-get="/charts/history/artist/${a}" hx-trigger="load"`));
    assert.match(page, new RegExp(`<a href="/charts/history/artist/${a}">Charts and records</a>`));
  });
});

Deno.test("names with markup stay text on the charts and the fragment", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await importPlays(warehouse, dir, [
      {
        ts: "2024-01-02T12:00:00Z",
        artist: "<b>x</b>",
        track: `<img src=x onerror="alert(1)">`,
        ms: 60_000,
        id: "img1",
      },
    ]);
    const app = appAt(warehouse, "2024-03-01T12:00:00Z");
    const key = await warehouse.value<bigint | number>("select track_key from dim_track");
    for (
      const path of [
        "/charts/tracks?period=2024-W01",
        "/charts/artists",
        `/charts/history/track/${key}`,
        "/records/tracks",
      ]
    ) {
      const html = await (await app.request(path)).text();
      // Inside a quoted attribute (the chart's aria-label) a "<" is text; the quote is escaped.
      const outsideAttributes = html.replace(/="[^"]*"/g, '=""');
      assert.doesNotMatch(outsideAttributes, /<b>x<\/b>|<img src=x/, path);
      assert.match(html, /&lt;b&gt;x&lt;\/b&gt;|&lt;img src=x onerror=&quot;alert\(1\)&quot;&gt;/, path);
      assert.doesNotMatch(html, /onerror="alert/, path);
    }
  });
});
