/**
 * The Timeline page, the Time page's seasons and the overview's "this week / this month", on plays whose days
 * and lengths are chosen by hand.
 */
import assert from "node:assert/strict";
import { importPlays, withWarehouse } from "../../../tests/test_warehouse.ts";
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { createApp } from "../../app.tsx";
import { tableCells } from "../../test_html.ts";

/** [when the play ended (UTC), minutes]. 2024-01-01 is a Monday. */
const PLAYS: [string, number][] = [
  ["2023-07-01T12:00:00Z", 30],
  ["2024-01-01T12:00:00Z", 60],
  ["2024-01-03T12:00:00Z", 30],
  ["2024-01-10T12:00:00Z", 90],
  ["2024-02-15T12:00:00Z", 120],
];

/** The bars' links and titles, in order. */
function bars(html: string): [string, string][] {
  const chart = html.split('<div class="chart-wide">')[1]?.split("</svg>")[0] ?? "";
  return [...chart.matchAll(/<a href="([^"]+)"[^>]*><rect[^>]*><title>([^<]+)<\/title>/g)].map((m) => [
    m[1].replaceAll("&amp;", "&"),
    m[2],
  ]);
}

function importTimelinePlays(warehouse: Warehouse, dir: string) {
  return importPlays(
    warehouse,
    dir,
    PLAYS.map(([ts, minutes], i) => ({
      ts,
      track: `Track ${i}`,
      artist: "Band",
      ms: minutes * 60_000,
      album: "Record",
      id: String(i),
    })),
  );
}

Deno.test("GET /timeline zooms from months to weeks to days by links; /time shows seasons", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await importTimelinePlays(warehouse, dir);
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
    });

    const all = await (await app.request("/timeline")).text();
    assert.match(
      all,
      /all time: 5\.5 hours in 3 months with plays \(1\.8 hours on average\); the most in 2024-01 \(3\.0 h\)/,
    );
    assert.deepEqual(bars(all), [
      ["/timeline?period=2023-07&step=day", "2023-07 · 0.5 h · 1 plays"],
      ["/timeline?period=2024-01&step=day", "2024-01 · 3.0 h · 3 plays"],
      ["/timeline?period=2024-02&step=day", "2024-02 · 2.0 h · 1 plays"],
    ]);
    assert.match(all, /<a href="\/timeline\?period=2024&amp;step=week"\s*>2024<\/a>/);

    // A year defaults to ISO weeks (Monday first); a week leads to its days.
    const year = await (await app.request("/timeline?period=2024")).text();
    assert.deepEqual(bars(year), [
      ["/timeline?period=2024-01-01..2024-01-07&step=day", "week of 2024-01-01 · 1.5 h · 2 plays"],
      ["/timeline?period=2024-01-08..2024-01-14&step=day", "week of 2024-01-08 · 1.5 h · 1 plays"],
      ["/timeline?period=2024-02-12..2024-02-18&step=day", "week of 2024-02-12 · 2.0 h · 1 plays"],
    ]);
    assert.match(year, /<a href="\/timeline\?period=2024-02&amp;step=day"\s*>Feb<\/a>/);

    // A month defaults to days; a day leads to its plays in History.
    const month = await (await app.request("/timeline?period=2024-01")).text();
    assert.deepEqual(bars(month).map(([link]) => link), [
      "/history?period=2024-01-01..2024-01-01",
      "/history?period=2024-01-03..2024-01-03",
      "/history?period=2024-01-10..2024-01-10",
    ]);
    const monthly = await (await app.request("/timeline?period=2024&step=month")).text();
    assert.equal(bars(monthly).length, 2);
    const bad = await app.request("/timeline?period=soon");
    assert.equal(bad.status, 400);

    // Winter: January and February 2024, 300 minutes on 4 days; summer: 30 minutes on 1 day.
    const time = await (await app.request("/time")).text();
    assert.deepEqual(tableCells(time, "seasons-heading"), [
      ["winter", "4", "300", "75", "90.9 %"],
      ["summer", "1", "30", "30", "9.1 %"],
    ]);
  });
});

Deno.test("GET / compares this week and this month so far with the same days before, and lists the latest plays", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await importTimelinePlays(warehouse, dir);
    // Wednesday 10 January 2024: this week is Mon 8 – Wed 10 (90 min), the same days before are 1 – 3 January
    // (60 + 30 min); this month is 1 – 10 January (180 min), and 1 – 10 December 2023 had nothing.
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
      now: () => new Date("2024-01-10T18:00:00Z"),
    });
    const html = await (await app.request("/")).text();
    assert.match(
      html,
      /<div class="stat-label">This week so far<\/div><div class="stat-value">1\.5 h<\/div><div class="stat-note">\+0 % against the same days last week \(1\.5 h\)<\/div>/,
    );
    assert.match(
      html,
      /<div class="stat-label">This month so far<\/div><div class="stat-value">3\.0 h<\/div><div class="stat-note">nothing on the same days last month<\/div>/,
    );
    // Newest first; all five plays (the list holds up to ten).
    const latest = html.split('id="latest-heading"')[1].split("</table>")[0];
    assert.deepEqual([...latest.matchAll(/>(Track \d)</g)].map((m) => m[1]), [
      "Track 4",
      "Track 3",
      "Track 2",
      "Track 1",
      "Track 0",
    ]);
    // A month later: February 1 – 15 against January 1 – 15 (120 min against 180 min: −33 %).
    const later = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
      now: () => new Date("2024-02-15T18:00:00Z"),
    });
    assert.match(
      await (await later.request("/")).text(),
      /This month so far<\/div><div class="stat-value">2\.0 h<\/div><div class="stat-note">−33 % against the same days last month \(3\.0 h\)/,
    );
  });
});
