/**
 * The year in review on a hand-made history whose answers are worked out by hand, its season links, and sharing
 * it through a read-only link that shows the review and nothing else.
 */
import assert from "node:assert/strict";
import { extendedRow, importPlays, withWarehouse, writeHistory } from "../../../tests/test_warehouse.ts";
import {
  createShareLink,
  listShareLinks,
  revokeShareLink,
  verifyShareToken,
} from "../../../warehouse/state/share_links.ts";
import { createApp } from "../../app.tsx";
import { seasonPeriods } from "./page.tsx";

/** [end of play (UTC), track, artist, seconds]. */
const PLAYS: [string, string, string, number][] = [
  ["2023-05-01T10:00:00Z", "A", "W", 120],
  ["2023-05-01T10:05:00Z", "A", "W", 120],
  ["2023-05-02T10:00:00Z", "A", "W", 120],
  ["2023-05-02T11:00:00Z", "B", "X", 120],
  ["2024-03-10T10:04:00Z", "B", "X", 240],
  ["2024-03-10T10:08:00Z", "B", "X", 240],
  ["2024-03-10T10:12:00Z", "B", "X", 240],
  ["2024-03-10T12:00:00Z", "C", "Y", 600],
  ["2024-06-01T20:00:00Z", "D", "X", 300],
  // a 10 s skip: Z is played but not discovered
  ["2024-06-01T20:00:20Z", "E", "Z", 10],
];

function text(html: string, headingId: string): string[] {
  const section = html.split(`id="${headingId}"`)[1]?.split("</section>")[0] ?? "";
  // Each item's parts (name, artist, figures) joined by " | ".
  return [...section.matchAll(/<(?:li|dd)>(.*?)<\/(?:li|dd)>/gs)].map((m) =>
    m[1].replace(/<\/(a|span)>/g, "|").replace(/<[^>]+>/g, "").split("|").map((part) =>
      part.replace(/\s+/g, " ").trim()
    ).filter(Boolean).join(" | ")
  );
}

Deno.test("GET /review: a period's numbers, tops, moments, discoveries and forgotten favourites, by hand", async () => {
  await withWarehouse(async (warehouse, dir) => {
    // And a 5-minute podcast episode in 2024: not music, and no track (forgotten favourites once came out empty
    // for any period with one).
    const episode = await writeHistory(dir, "Streaming_History_Audio_2024_podcast.json", [
      extendedRow("2024-09-01T08:00:00Z", 300_000, {
        episode_name: "Episode 1",
        episode_show_name: "The Show",
        spotify_episode_uri: "spotify:episode:0000000000000000000001",
      }),
    ]);
    await importPlays(
      warehouse,
      dir,
      PLAYS.map(([ts, track, artist, seconds]) => ({ ts, track, artist, ms: seconds * 1000 })),
      { alsoImport: [episode] },
    );
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
    });

    // Without a period: the latest year with plays.
    const html = await (await app.request("/review")).text();
    assert.match(html, /<h1>Your 2024 in music<\/h1>/);
    // 720 + 600 + 300 + 10 s = 27 min; 5 counted plays; artists X, Y, Z; tracks B, C, D, E; 2 days; Y is new.
    const stats = [
      ...html.matchAll(/<div class="stat-label">([^<]+)<\/div><div class="stat-value">([^<]+)</g),
    ]
      .map((m) => `${m[1]}: ${m[2]}`);
    assert.deepEqual(stats, [
      "Minutes of music: 27",
      "Plays: 5",
      "Artists: 3",
      "Tracks: 4",
      "Days with music: 2",
      "New artists: 1",
    ]);
    assert.deepEqual(text(html, "artists-heading"), [
      "X | 4 plays · 17 min",
      "Y | 1 plays · 10 min",
      "Z | 0 plays · 0 min",
    ]);
    assert.deepEqual(text(html, "new-heading"), ["Y | 1 plays · 10 min"]);
    assert.deepEqual(text(html, "repeat-heading"), [
      "B | X | 3 plays · 12 min",
      "C | Y | 1 plays · 10 min",
      "D | X | 1 plays · 5 min",
      "E | Z | 0 plays · 0 min",
    ]);
    // A was played three times in 2023 and not once in 2024; B once before (not enough to be a favourite).
    assert.deepEqual(text(html, "forgotten-heading"), ["A | W | 3 plays · 6 min"]);
    // 10 March: 12 + 10 minutes. The longest session: 10:00 to 10:12 (the next play starts 98 minutes later).
    assert.deepEqual(text(html, "moments-heading"), [
      "2024-03-10: 0.4 hours",
      "B by X, 3 times on 2024-03-10",
      "0.2 hours from 10 Mar 2024, 10:00, 3 plays (a session ends after 30 minutes of silence)",
      "not known yet (enrichment has not run)",
    ]);
    assert.match(html, /<svg[^>]*aria-label="Listening clock"/);

    // Spring 2024 (March to May) holds only 10 March.
    const [, spring] = seasonPeriods(2024);
    assert.deepEqual(spring, { label: "Spring 2024", value: "2024-03-01..2024-05-31" });
    assert.deepEqual(seasonPeriods(2024)[0], { label: "Winter 2024", value: "2023-12-01..2024-02-29" });
    const springPage = await (await app.request(`/review?period=${spring.value}`)).text();
    assert.match(springPage, /<div class="stat-label">Minutes of music<\/div><div class="stat-value">22</);
    const bad = await app.request("/review?period=2024-02-30..2024-03-01");
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /2024-02-30 is not a date/);
  });
});

Deno.test("forgotten favourites: counted plays before the period only; any play in it, even a skip, keeps a track out", async () => {
  await withWarehouse(async (warehouse, dir) => {
    const plays: [string, string, number][] = [
      // F: twice in 2022, and again in 2025 (after the period: neither counted nor a play in it)
      ["2022-01-01T10:00:00Z", "F", 120],
      ["2022-01-02T10:00:00Z", "F", 120],
      ["2025-01-01T10:00:00Z", "F", 120],
      // G: one counted play and a 10 s skip before: once is not a favourite
      ["2022-02-01T10:00:00Z", "G", 120],
      ["2022-02-02T10:00:00Z", "G", 10],
      // H: three times before, and a 5 s skip in 2023: played in the period
      ["2022-03-01T10:00:00Z", "H", 600],
      ["2022-03-02T10:00:00Z", "H", 600],
      ["2022-03-03T10:00:00Z", "H", 600],
      ["2023-07-01T10:00:00Z", "H", 5],
      // I: twice before, 30 s each (a play counts from 30 s)
      ["2022-04-01T10:00:00Z", "I", 30],
      ["2022-04-02T10:00:00Z", "I", 30],
      // J: new in 2023 (a period with no counted play shows no review)
      ["2023-08-01T10:00:00Z", "J", 120],
    ];
    await importPlays(
      warehouse,
      dir,
      plays.map(([ts, track, seconds]) => ({ ts, track, artist: "V", ms: seconds * 1000 })),
    );
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
    });
    const html = await (await app.request("/review?period=2023")).text();
    assert.deepEqual(text(html, "forgotten-heading"), ["F | V | 2 plays · 4 min", "I | V | 2 plays · 1 min"]);
  });
});

Deno.test("a review share link shows that review alone, read-only; forged or revoked links show nothing", async () => {
  await withWarehouse(async (warehouse) => {
    const shares = {
      create: (page: Parameters<typeof createShareLink>[1], days: number) =>
        createShareLink(warehouse, page, { days }),
      list: () => listShareLinks(warehouse),
      revoke: (id: string) => revokeShareLink(warehouse, id),
      verify: (token: string) => verifyShareToken(warehouse, token),
    };
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
      shares,
    });
    const created = await app.request("/review/share", {
      method: "POST",
      body: new URLSearchParams({ period: "2024-03", days: "7" }),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
    });
    assert.equal(created.status, 303);
    const [link] = await shares.list();
    assert.equal(link.page, "review:2024-03");
    const shared = await (await app.request(`/share/${link.token}`)).text();
    assert.match(shared, /<h1>Your March 2024 in music<\/h1>/);
    // Nothing else: no navigation, no period form, no share form, no links into the dashboard.
    assert.doesNotMatch(shared, /<nav|action="\/review|href="\/(artists|tracks|settings)/);
    assert.match(shared, /Shared, read-only until/);
    const [id, signature] = link.token.split(".");
    assert.equal((await app.request(`/share/${id}.${signature.slice(1)}x`)).status, 404);
    assert.equal(await verifyShareToken(warehouse, link.token), "review:2024-03");
    await shares.revoke(link.id);
    assert.equal((await app.request(`/share/${link.token}`)).status, 404);
    // Only reviews of real periods can be shared.
    await assert.rejects(
      () => createShareLink(warehouse, "review:<script>" as "overview", { days: 1 }),
      /Cannot share/,
    );
  });
});
