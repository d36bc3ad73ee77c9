import assert from "node:assert/strict";
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { importPlays, type TestPlay, withWarehouse } from "../../../tests/test_warehouse.ts";
import { createApp } from "../../app.tsx";
import { parsePeriod } from "../../period.ts";
import { comparePeriods } from "./queries.ts";

/** `count` plays of `artist`'s one track on `day` (yyyy-mm-dd), `ms` each, a minute apart. */
function plays(artist: string, day: string, count: number, ms: number): TestPlay[] {
  return Array.from({ length: count }, (_, i) => ({
    ts: `${day}T12:${String(i).padStart(2, "0")}:00Z`,
    track: `${artist} song`,
    artist,
    ms,
  }));
}

/*
 * April 2024 (the previous period) and May 2024, counted plays from 30 s, by artist (ms a play):
 *
 *          April                    May
 *   A      5 × 60 s   rank 1        2 × 60 s            rank 5   faller −3, down 4
 *   B      4 × 60 s   rank 2        6 × 60 s            rank 1   riser +2, up 1
 *   C      3 × 60 s   rank 3        3 × 60 s            rank 4   the same plays: in no list
 *   F      3 × 50 s   rank 4        —                            gone (3 plays)
 *   D      2 × 60 s   rank 5        5 × 60 s            rank 2   riser +3, up 3
 *   E      1 × 60 s   rank 6        1 × 60 s + 1 × 10 s rank 6   the same plays; +10 s by minutes
 *   X      1 × 60 s   rank 7        10 × 60 s excluded           gone (excluded plays left out)
 *   G      —                        4 × 60 s            rank 3   new
 *   H      —                        1 × 20 s (a skip)            no play: ranked (and new) by minutes only
 *
 * E and X tie in April on plays and minutes: the name decides (E first), as on Top.
 */
const FIXTURE: TestPlay[] = [
  ...plays("A", "2024-04-02", 5, 60_000),
  ...plays("B", "2024-04-03", 4, 60_000),
  ...plays("C", "2024-04-04", 3, 60_000),
  ...plays("F", "2024-04-05", 3, 50_000),
  ...plays("D", "2024-04-06", 2, 60_000),
  ...plays("E", "2024-04-30", 1, 60_000),
  ...plays("X", "2024-04-30", 1, 90_000).map((play) => ({ ...play, ms: 60_000, ts: "2024-04-30T23:00:00Z" })),
  ...plays("A", "2024-05-01", 2, 60_000),
  ...plays("B", "2024-05-02", 6, 60_000),
  ...plays("C", "2024-05-03", 3, 60_000),
  ...plays("D", "2024-05-04", 5, 60_000),
  ...plays("E", "2024-05-05", 1, 60_000),
  ...plays("E", "2024-05-06", 1, 10_000),
  ...plays("G", "2024-05-07", 4, 60_000),
  ...plays("H", "2024-05-08", 1, 20_000),
  ...plays("X", "2024-05-31", 10, 60_000),
  // March and June are outside both periods.
  ...plays("X", "2024-03-31", 20, 60_000),
  ...plays("A", "2024-06-01", 20, 60_000),
];

async function fixture(warehouse: Warehouse, dir: string) {
  await importPlays(warehouse, dir, FIXTURE);
  // X's May plays are left out by a rule (issue 16): what a query must honour.
  await warehouse.run(
    `update fct_play set is_excluded = true
     where date_key between 20240501 and 20240531
       and artist_key = (select artist_key from dim_artist where artist_name = 'X')`,
  );
}

function app(warehouse: Warehouse) {
  return createApp({ warehouse: () => Promise.resolve({ warehouse, isDemo: false }), timezone: "UTC" });
}

/** Each list's rows as the page shows them: name, rank, measure, rank before, measure before, change. */
function lists(html: string): Record<string, string[][]> {
  const found: Record<string, string[][]> = {};
  for (const [, list, body] of html.matchAll(/<section aria-labelledby="compare-(\w+)">(.*?)<\/section>/gs)) {
    found[list] = [...body.matchAll(/<tr>(.*?)<\/tr>/gs)].slice(1).map(([, row]) =>
      [...row.matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map(([, cell]) =>
        cell.replace(/<span class="secondary">/g, " / ").replace(/<[^>]+>/g, "").trim()
      )
    );
  }
  return found;
}

Deno.test("GET /top/artists?compare=previous: May 2024 against April 2024 (hand-computed)", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await fixture(warehouse, dir);
    const response = await app(warehouse).request("/top/artists?period=2024-05&by=plays&compare=previous");
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type")!, /^text\/html/);
    assert.match(response.headers.get("vary")!, /HX-Request/);
    const html = await response.text();
    assert.match(
      html,
      /<strong>May 2024<\/strong> compared with <strong>April 2024<\/strong>, the month before: 6 artists had counted plays in May 2024, 7 in April 2024; ranked by plays\./,
    );
    assert.deepEqual(lists(html), {
      riser: [
        ["D", "2", "5", "5", "2", "+3 / up 3"],
        ["B", "1", "6", "2", "4", "+2 / up 1"],
      ],
      faller: [["A", "5", "2", "1", "5", "−3 / down 4"]],
      new: [["G", "3", "4", "—", "—", "+4 / new"]],
      gone: [
        ["F", "—", "—", "4", "3", "−3 / gone"],
        ["X", "—", "—", "7", "1", "−1 / gone"],
      ],
    });
    // Names link to their pages; the way back and on.
    assert.match(html, /<a href="\/artists\/\d+">D<\/a>/);
    assert.match(html, /href="\/top\/artists\?period=2024-05&amp;by=plays">← Ranking of May 2024</);
    assert.match(html, /href="\/top\/artists\?period=2024-04&amp;by=plays&amp;compare=previous">/);
    assert.match(
      html,
      /<legend>Compare<\/legend><label><input type="checkbox" name="compare" value="previous" checked> with the period before/,
    );

    // By minutes: E's 10 s more make it a riser (+0.2 min, the same rank), and H's skip ranks it (new).
    const minutes = lists(
      await (await app(warehouse).request("/top/artists?period=2024-05&by=minutes&compare=previous")).text(),
    );
    assert.deepEqual(minutes.riser, [
      ["D", "2", "5", "5", "2", "+3 / up 3"],
      ["B", "1", "6", "2", "4", "+2 / up 1"],
      ["E", "6", "1", "6", "1", "+0.2 / same rank"],
    ]);
    assert.deepEqual(minutes.faller, [["A", "5", "2", "1", "5", "−3 / down 4"]]);
    assert.deepEqual(minutes.new, [["G", "3", "4", "—", "—", "+4 / new"], [
      "H",
      "7",
      "0",
      "—",
      "—",
      "+0.3 / new",
    ]]);
    assert.deepEqual(minutes.gone.map((row) => row[0]), ["F", "X"]);
  });
});

Deno.test("comparePeriods(): only items in either period's top N take part; the lists' totals", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await fixture(warehouse, dir);
    const [period, previous] = [parsePeriod("2024-05"), parsePeriod("2024-04")];
    // Top 3 of May: B, D, G; of April: A, B, C. F (April's 4th) and X (7th) are not gone, E and H not listed.
    const top3 = await comparePeriods(warehouse, "artists", { period, previous, by: "plays", top: 3 });
    const names = (list: keyof typeof top3.lists) => top3.lists[list].rows.map((row) => row.name);
    assert.deepEqual(
      [names("riser"), names("faller"), names("new"), names("gone")],
      [["D", "B"], ["A"], ["G"], []],
    );
    assert.deepEqual([top3.items, top3.previousItems], [6, 7]);
    // One row a list shown, the totals kept.
    const one = await comparePeriods(warehouse, "artists", { period, previous, by: "plays", perList: 1 });
    assert.deepEqual(
      Object.values(one.lists).map(({ rows, total }) => [rows.map((row) => row.name), total]),
      [[["D"], 2], [["A"], 1], [["G"], 1], [["F"], 2]],
    );
    // Tracks and albums carry their artist.
    const tracks = await comparePeriods(warehouse, "tracks", { period, previous, by: "plays" });
    assert.deepEqual(tracks.lists.new.rows.map((row) => [row.name, row.artistName]), [["G song", "G"]]);
    const albums = await comparePeriods(warehouse, "albums", { period, previous, by: "plays" });
    assert.deepEqual(albums.lists.faller.rows.map((row) => [row.name, row.artistName]), [["A album", "A"]]);
    // Nothing played in either period.
    const empty = await comparePeriods(warehouse, "artists", {
      period: parsePeriod("1999"),
      previous: parsePeriod("1998"),
      by: "plays",
    });
    assert.deepEqual([empty.items, empty.previousItems, empty.lists.new.rows], [0, 0, []]);
  });
});

Deno.test("GET /top?compare=previous: a year and a range; all time has nothing to compare; htmx gets the section", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await fixture(warehouse, dir);
    const web = app(warehouse);
    // The ranking offers the comparison.
    assert.match(
      await (await web.request("/top/artists?period=2024-05")).text(),
      /<a href="\/top\/artists\?period=2024-05&amp;by=plays&amp;compare=previous">\s*Compare with April 2024 →/,
    );
    // 2024 against 2023 (nothing then): everything in 2024's top 100 is new, March and June included:
    // A 5 + 2 + 20, X 1 + 20 (not the 10 excluded), B 10, D 7, C 6, G 4, F 3, E 2 (H has no play).
    const year = await (await web.request("/top/artists?period=2024&compare=previous")).text();
    assert.match(year, /2024<\/strong> compared with <strong>2023<\/strong>, the year before: 8 artists/);
    assert.deepEqual(
      lists(year).new.map((row) => [row[0], row[2]]),
      [["A", "27"], ["X", "21"], ["B", "10"], ["D", "7"], ["C", "6"], ["G", "4"], ["F", "3"], ["E", "2"]],
    );
    // 10 days (2024-05-01..2024-05-10) against 2024-04-21..2024-04-30: E and X, played on the 30th, are in it;
    // E has 1 play in each.
    const range = await (await web.request("/top/artists?period=2024-05-01..2024-05-10&compare=previous"))
      .text();
    assert.match(range, /compared with <strong>2024-04-21 to 2024-04-30<\/strong>, the 10 days before/);
    assert.deepEqual(lists(range).gone.map((row) => row[0]), ["X"]);
    assert.deepEqual(lists(range).riser.map((row) => row[0]), []);
    assert.deepEqual(lists(range).new.map((row) => row[0]), ["B", "D", "G", "C", "A"]);
    // All time: said, with the way back.
    const all = await web.request("/top/tracks?period=all&compare=previous");
    assert.equal(all.status, 200);
    const allHtml = await all.text();
    assert.match(allHtml, /All time has no period before it to compare with/);
    assert.doesNotMatch(allHtml, /Compare with/);
    const first = await (await web.request("/top/tracks?period=0001&compare=previous")).text();
    assert.match(first, /<p>1 has no period before it to compare with/);
    // htmx (the form) gets the section alone; the page's links keep the comparison.
    const fragment = await web.request("/top/albums?period=2024-05&compare=previous", {
      headers: { "HX-Request": "true" },
    });
    assert.equal(fragment.status, 200);
    assert.match(fragment.headers.get("vary")!, /HX-Request/);
    const section = await fragment.text();
    assert.match(
      section,
      /^<title>Top albums: May 2024 against April 2024 · Music Tracker<\/title><section id="top-table" aria-live="polite">/,
    );
    assert.doesNotMatch(section, /<html|<form/);
    assert.match(section, /A album<\/a><span class="secondary"><a href="\/artists\/\d+">A<\/a>/);
    const page = await (await web.request("/top/albums?period=2024-05&compare=previous")).text();
    assert.match(
      page,
      /<a href="\/top\/tracks\?period=2024-05&amp;by=plays&amp;compare=previous" >tracks<\/a>/,
    );
  });
});

Deno.test("GET /top?compare=: hostile values and bad periods get the page's 400, escaped", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await fixture(warehouse, dir);
    const web = app(warehouse);
    for (
      const [query, message] of [
        [
          "period=2024-05&compare=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
          /&quot;&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot; is not a comparison: use compare=previous/,
        ],
        ["compare=next", /&quot;next&quot; is not a comparison/],
        ["period=%3Cscript%3E&compare=previous", /&quot;&lt;script&gt;&quot; is not a period/],
        ["period=2024-13&compare=previous", /has no month 13/],
        ["period=2024-05-10..2024-05-01&compare=previous", /ends before it starts/],
      ] as const
    ) {
      for (const headers of [{}, { "HX-Request": "true" }] as Record<string, string>[]) {
        const response = await web.request(`/top/artists?${query}`, { headers });
        assert.equal(response.status, 400, query);
        const html = await response.text();
        assert.match(html, message);
        assert.doesNotMatch(html, /<script>/, query);
        assert.doesNotMatch(html, /compare-riser/, query);
      }
    }
    // No comparison asked (the form's box unticked): the ranking.
    assert.equal((await web.request("/top/artists?period=2024-05&compare=")).status, 200);
  });
});

Deno.test("GET /top?compare=previous shows the listener chosen in the header, or everyone", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await importPlays(warehouse, dir, [
      ...plays("A", "2024-04-02", 2, 60_000),
      ...plays("A", "2024-05-02", 3, 60_000),
    ]);
    await importPlays(warehouse, dir, plays("Z", "2024-05-03", 2, 60_000), { user: "you" });
    const web = app(warehouse);
    const url = "/top/artists?period=2024-05&compare=previous";
    const everyone = lists(await (await web.request(url)).text());
    assert.deepEqual([everyone.riser, everyone.new], [[["A", "1", "3", "1", "2", "+1 / same rank"]], [[
      "Z",
      "2",
      "2",
      "—",
      "—",
      "+2 / new",
    ]]]);
    const me = lists(await (await web.request(url, { headers: { cookie: "listener=me" } })).text());
    assert.deepEqual([me.riser.length, me.new], [1, []]);
    const you = lists(await (await web.request(url, { headers: { cookie: "listener=you" } })).text());
    assert.deepEqual([you.riser, you.new.map((row) => row[0])], [[], ["Z"]]);
  });
});
