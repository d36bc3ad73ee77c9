/** The Compare page for a household of two, on hand-built plays: overlap, similarity and who found what first. */
import assert from "node:assert/strict";
import { importPlays, withWarehouse } from "../../../tests/test_warehouse.ts";
import { createApp } from "../../app.tsx";
import { tableCells } from "../../test_html.ts";

/** Per listener: [end of play (UTC), artist, seconds]. */
const PLAYS: Record<string, [string, string, number][]> = {
  ana: [["2024-01-01T10:00:00Z", "X", 600], ["2024-01-05T10:00:00Z", "Y", 300], [
    "2024-01-02T10:00:00Z",
    "W",
    120,
  ]],
  ben: [["2024-01-03T10:00:00Z", "X", 300], ["2024-01-01T10:00:00Z", "Y", 300], [
    "2024-01-04T10:00:00Z",
    "Z",
    600,
  ]],
};

/** One song per artist ("X song"), each play `seconds` long. */
function songs(plays: [string, string, number][]) {
  return plays.map(([ts, artist, seconds]) => ({
    ts,
    track: `${artist} song`,
    artist,
    ms: seconds * 1000,
    id: artist,
  }));
}

Deno.test("GET /compare: artists in common, taste similarity and who found each first, by hand", async () => {
  await withWarehouse(async (warehouse, dir) => {
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
    });
    for (const [user, plays] of Object.entries(PLAYS)) {
      await importPlays(warehouse, dir, songs(plays), { user });
      if (user === "ana") {
        // One listener: nothing to compare yet, and the page says how to add another.
        assert.match(await (await app.request("/compare")).text(), /Only one listener so far/);
      }
    }
    const html = await (await app.request("/compare?a=ana&b=ben")).text();
    const stats = [
      ...html.matchAll(/<div class="stat-label">([^<]+)<\/div><div class="stat-value">([^<]+)</g),
    ]
      .map((m) => `${m[1]}: ${m[2]}`);
    // Ana: X, Y, W; Ben: X, Y, Z. Minutes per artist (X, Y, W, Z): (10, 5, 2, 0) and (5, 5, 0, 10):
    // cosine = (10·5 + 5·5) / (√(100 + 25 + 4) · √(25 + 25 + 100)) = 75 / (√129 · √150) = 0.5392.
    assert.deepEqual(stats, [
      "Artists ana played: 3",
      "Artists ben played: 3",
      "Artists in common: 2",
      "Overlap: 50.0 %",
      "Taste similarity: 53.9 %",
    ]);
    assert.match(html, /ana found 1 first and ben 1\./);
    assert.deepEqual(tableCells(html, "shared-heading"), [["X", "10", "5", "ana, 2024-01-01"], [
      "Y",
      "5",
      "5",
      "ben, 2024-01-01",
    ]]);
    // The listeners, most listening first: Ben 20 minutes, Ana 17.
    assert.deepEqual(tableCells(html, "listeners-heading"), [["ben", "3", "0.3"], ["ana", "3", "0.3"]]);

    const same = await app.request("/compare?a=ana&b=ana");
    assert.equal(same.status, 400);
    assert.match(await same.text(), /Choose two different listeners\./);
    const unknown = await app.request("/compare?a=ana&b=zed");
    assert.equal(unknown.status, 400);
    assert.match(await unknown.text(), /No listener is called “zed”\./);
  });
});

Deno.test("the listener switch narrows every analysis page to one listener, per browser, cached apart", async () => {
  await withWarehouse(async (warehouse, dir) => {
    for (const [user, plays] of Object.entries(PLAYS)) {
      await importPlays(warehouse, dir, songs(plays), { user });
    }
    // With the page cache on, as `serve` runs it.
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
      dataVersion: () => "1",
    });
    const everyone = await (await app.request("/top/artists")).text();
    assert.match(
      everyone,
      /<option value="" selected>everyone<\/option><option value="ana"\s*>ana<\/option>/,
    );
    assert.match(everyone, /<input type="hidden" name="next" value="\/top\/artists">/);
    const artistsOf = (html: string) =>
      [...html.matchAll(/<a href="\/artists\/\d+">(\w)<\/a>/g)].map((m) => m[1]);
    assert.deepEqual(artistsOf(everyone).sort(), ["W", "X", "Y", "Z"]);

    const chosen = await app.request("/listener", {
      method: "POST",
      body: new URLSearchParams({ listener: "ana", next: "/top/artists?period=all" }),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
    });
    assert.equal(chosen.status, 303);
    assert.equal(chosen.headers.get("location"), "/top/artists?period=all");
    const cookie = chosen.headers.get("set-cookie")!.split(";")[0];
    assert.equal(cookie, "listener=ana");
    assert.match(chosen.headers.get("set-cookie")!, /HttpOnly; SameSite=Strict/);

    const ana = await (await app.request("/top/artists", { headers: { cookie } })).text();
    assert.deepEqual(artistsOf(ana).sort(), ["W", "X", "Y"]);
    assert.match(ana, /<option value="ana" selected>ana<\/option>/);
    const ben = await (await app.request("/top/artists", { headers: { cookie: "listener=ben" } })).text();
    assert.deepEqual(artistsOf(ben).sort(), ["X", "Y", "Z"]);
    // The overview counts one listener's plays; Compare still sees both.
    assert.match(
      await (await app.request("/", { headers: { cookie } })).text(),
      /<div class="stat-label">Plays<\/div><div class="stat-value">3<\/div>/,
    );
    assert.match(await (await app.request("/compare", { headers: { cookie } })).text(), /Artists in common/);
    // Everyone again, and nobody else.
    const back = await app.request("/listener", {
      method: "POST",
      body: new URLSearchParams({ listener: "" }),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
    });
    assert.match(back.headers.get("set-cookie")!, /^listener=; Max-Age=0/);
    const nobody = await app.request("/listener", {
      method: "POST",
      body: new URLSearchParams({ listener: "zed" }),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
    });
    assert.equal(nobody.status, 400);
  });
});
