/**
 * The Genres and Geography pages on the enrichment scenario (tests/enrichment_fixture.ts): before enrichment
 * they say so; after it, every minute and share below is worked out by hand from the plays and what the fakes
 * serve. Music: Björk 900 s, Massive Attack 420 s, Nirvana 400 s, Sigur Rós 240 s, Low 180 s, Unknown Band
 * 100 s = 2,240 s; genres and countries are known for the first four (1,960 s).
 */
import assert from "node:assert/strict";
import { Logger } from "../log.ts";
import { enrich } from "../pipeline/enrich/mod.ts";
import { createApp } from "../web/app.tsx";
import { withEnrichment } from "./enrichment_fixture.ts";
import { factPairs, tableCells } from "../web/test_html.ts";

const quiet = new Logger({ write: () => {}, format: "json" });

Deno.test("GET /genres and /geography: not enriched yet, then shares that match the fakes", async () => {
  await withEnrichment(async ({ warehouse, options }) => {
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
    });
    const before = await app.request("/genres");
    assert.equal(before.status, 200);
    assert.match(
      await before.text(),
      /<strong>Not enriched yet\.<\/strong> None of the music of all time has a genre/,
    );
    assert.match(
      await (await app.request("/geography")).text(),
      /None of the music of all time has an artist with a known country/,
    );

    await enrich(warehouse, quiet, options);
    const genres = await (await app.request("/genres")).text();
    assert.match(genres, /Of the 37 minutes of music in all time, 87\.5 % have a genre/);
    // Electronic: 5/8 of Björk's 900 s + Massive Attack's 420 s = 982.5 s; rock: Nirvana 400 s + Sigur Rós 240 s;
    // pop: 3/8 of Björk's 900 s = 337.5 s. Shares of 1,960 s.
    assert.deepEqual(tableCells(genres, "parents-heading"), [
      ["1", "electronic", "2", "16", "50.1 %"],
      ["2", "rock", "2", "11", "32.7 %"],
      ["3", "pop", "1", "6", "17.2 %"],
    ]);
    assert.deepEqual(tableCells(genres, "genres-heading"), [
      ["1", "electronic", "electronic", "1", "9", "28.7 %"],
      ["2", "trip-hop", "electronic", "1", "7", "21.4 %"],
      // grunge: 21 of Nirvana's 24 votes (20 MusicBrainz + 1 Spotify) × 400 s = 350 s.
      ["3", "grunge", "rock", "1", "6", "17.9 %"],
      ["4", "art pop", "pop", "1", "6", "17.2 %"],
      ["5", "post-rock", "rock", "1", "4", "12.2 %"],
      ["6", "rock", "rock", "1", "1", "2.6 %"],
    ]);
    assert.deepEqual(tableCells(genres, "per-year-heading"), [
      ["2024", "electronic (28.7 %)", "trip-hop (21.4 %)", "grunge (17.9 %)"],
    ]);
    assert.match(genres, /<svg[^>]*aria-label="Genres per year"/);

    const geography = await (await app.request("/geography")).text();
    assert.match(
      geography,
      /Of the 37 minutes of music in all time, 87\.5 % have an artist with a known country/,
    );
    // Iceland: Björk 900 s + Sigur Rós 240 s; United Kingdom: Massive Attack 420 s; United States: Nirvana 400 s.
    assert.deepEqual(tableCells(geography, "countries-heading"), [
      ["1", "Iceland", "2", "19", "58.2 %", "Björk"],
      ["2", "United Kingdom", "1", "7", "21.4 %", "Massive Attack"],
      ["3", "United States", "1", "7", "20.4 %", "Nirvana"],
    ]);
    assert.deepEqual(tableCells(geography, "regions-heading"), [["Europe", "79.6 %"], [
      "Americas",
      "20.4 %",
    ]]);
    assert.match(geography, /<title>Iceland: 19 min, 2 artists \(most listened: Björk\)<\/title>/);

    // February 2024 holds only the account plays: Sigur Rós 240 s (rock, Iceland) and Low 180 s (unmatched).
    const february = await (await app.request("/genres?period=2024-02")).text();
    assert.match(february, /Of the 7 minutes of music in February 2024, 57\.1 % have a genre/);
    assert.deepEqual(tableCells(february, "parents-heading"), [["1", "rock", "1", "4", "100.0 %"]]);
    const bad = await app.request("/geography?period=2024-13");
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /&quot;2024-13&quot; has no month 13/);
  });
});

Deno.test("GET /artists, /tracks and /albums/:key show plays, enrichment facts and links; unknown keys are 404", async () => {
  await withEnrichment(async ({ warehouse, options }) => {
    await enrich(warehouse, quiet, options);
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
    });
    const key = (table: string, column: string, name: string) =>
      warehouse.value<string>(`select ${table.slice(4)}_key::varchar from ${table} where ${column} = $1`, [
        name,
      ]);

    const bjork = await (await app.request(`/artists/${await key("dim_artist", "artist_name", "Björk")}`))
      .text();
    assert.match(bjork, /<h1>Björk<\/h1>/);
    // Three plays of Jóga, 300 s each: 900 of 2,240 s of music.
    assert.deepEqual(factPairs(bjork), [
      ["Plays", "3"],
      ["Minutes", "15"],
      ["Share of all music", "40.2 %"],
      ["First played", "1 Jan 2024"],
      ["Last played", "1 Jan 2024"],
      ["Type", "Person"],
      ["From", "Iceland"],
      ["Active", "1965-11-21 –"],
      ["Genres", "electronic, art pop"],
      ["MusicBrainz", "87c5dedd-371d-4a53-9f7f-80522fb7f3cb"],
    ]);
    assert.deepEqual(tableCells(bjork, "tracks-heading"), [["Jóga", "3", "15"]]);
    assert.deepEqual(tableCells(bjork, "albums-heading"), [["Homogenic", "3", "15"]]);
    assert.match(bjork, /<svg[^>]*aria-label="Minutes per month: Björk"/);

    const protectionKey = await key("dim_track", "track_name", "Protection");
    const protection = await (await app.request(`/tracks/${protectionKey}`)).text();
    assert.match(
      protection,
      /by <a href="\/artists\/\d+">Massive Attack<\/a> on <a href="\/albums\/\d+">Protection<\/a>/,
    );
    assert.deepEqual(factPairs(protection).slice(0, 2), [["Plays", "1"], ["Minutes", "7"]]);
    assert.deepEqual(factPairs(protection).slice(5), [["Length", "7:51"], ["ISRC", "GBAAA9400001"]]);

    // Tracey Thorn leads no play; she is featured on Protection (Spotify's credits).
    const thorn =
      await (await app.request(`/artists/${await key("dim_artist", "artist_name", "Tracey Thorn")}`)).text();
    assert.deepEqual(factPairs(thorn).slice(0, 2), [["Plays", "0"], ["Minutes", "0"]]);
    assert.deepEqual(tableCells(thorn, "tracks-heading"), [["Protectionfeatured", "1", "7"]]);
    assert.match(thorn, new RegExp(`<a href="/tracks/${protectionKey}">Protection</a>`));

    const nevermind =
      await (await app.request(`/albums/${await key("dim_album", "album_name", "Nevermind")}`)).text();
    assert.deepEqual(factPairs(nevermind).slice(5), [["Released", "1991"], ["Album type", "album"], [
      "Tracks on the release",
      "1",
    ]]);
    // Two plays of Lithium, 200 s each.
    assert.deepEqual(tableCells(nevermind, "tracks-heading"), [["Lithium", "2", "7"]]);

    for (const path of ["/artists/1", "/tracks/abc", "/albums/99999999999999999999", "/artists/-5"]) {
      const response = await app.request(path);
      assert.equal(response.status, 404, path);
      assert.match(await response.text(), /<h1>Not found<\/h1>/);
    }
  });
});
