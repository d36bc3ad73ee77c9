/**
 * The library against the listening: daily snapshots of liked songs, followed artists and own playlists read
 * from a fake Spotify on 127.0.0.1 (tests/fakes/spotify.ts), merged as validity ranges, and the Library page's
 * figures, each worked out by hand from the plays and the library below.
 */
import assert from "node:assert/strict";
import type { SpotifyConfig } from "../config.ts";
import { Logger } from "../log.ts";
import type { Warehouse } from "../warehouse/duckdb.ts";
import { buildMarts } from "../warehouse/build.ts";
import { libraryReport } from "../web/features/library/queries.ts";
import { JobRunner } from "../pipeline/jobs/runner.ts";
import { completeConnect, startConnect } from "../pipeline/spotify/connections.ts";
import { seedConnection } from "../warehouse/state/spotify_connections.ts";
import { libraryJob } from "../pipeline/spotify/library.ts";
import { createApp } from "../web/app.tsx";
import { factPairs, tableCells } from "../web/test_html.ts";
import { FakeSpotify, type FakeTrack, HYPERBALLAD, JOGA, spotifyId } from "./fakes/spotify.ts";
import { parseRedirect } from "../pipeline/spotify/oauth.ts";
import { importPlays, type TestPlay, UTC_SETTINGS, withWarehouse } from "./test_warehouse.ts";

const quiet = new Logger({ write: () => {}, format: "json" });
const T0 = Date.parse("2026-11-22T01:30:00Z");
const DAY = 86_400_000;

const BACHELORETTE: FakeTrack = {
  id: "0000000000000000000CCC",
  name: "Bachelorette",
  artist: "Björk",
  album: "Homogenic",
  durationMs: 312_000,
};
const ARMY: FakeTrack = {
  id: "0000000000000000000DDD",
  name: "Army of Me",
  artist: "Björk",
  album: "Post",
  durationMs: 234_000,
};
/** Liked from the album; the plays below are of the single, under another id. */
const TEARDROP: FakeTrack = {
  id: "0000000000000000000EEE",
  name: "Teardrop",
  artist: "Massive Attack",
  album: "Mezzanine",
  durationMs: 330_000,
};

const PLAYS: TestPlay[] = [
  { ts: "2024-01-10T20:00:00Z", track: "Jóga", artist: "Björk", album: "Homogenic", ms: 200_000, id: "AAA" },
  { ts: "2024-01-11T20:00:00Z", track: "Jóga", artist: "Björk", album: "Homogenic", ms: 200_000, id: "AAA" },
  { ts: "2024-02-01T20:00:00Z", track: "Jóga", artist: "Björk", album: "Homogenic", ms: 200_000, id: "AAA" },
  {
    ts: "2024-05-01T08:00:00Z",
    track: "Hyperballad",
    artist: "Björk",
    album: "Post",
    ms: 300_000,
    id: "BBB",
  },
  // too short to count
  { ts: "2024-05-02T08:00:00Z", track: "Hyperballad", artist: "Björk", album: "Post", ms: 10_000, id: "BBB" },
  ...[1, 2, 3, 4, 5].map((day) => ({
    ts: `2024-03-0${day}T12:00:00Z`,
    track: "Bachelorette",
    artist: "Björk",
    album: "Homogenic",
    ms: 250_000,
    id: "CCC",
  })),
  {
    ts: "2023-02-01T09:00:00Z",
    track: "Teardrop",
    artist: "Massive Attack",
    album: "Teardrop",
    ms: 330_000,
    id: "FFF",
  },
  {
    ts: "2023-03-01T09:00:00Z",
    track: "Teardrop",
    artist: "Massive Attack",
    album: "Teardrop",
    ms: 330_000,
    id: "FFF",
  },
  {
    ts: "2024-07-01T09:00:00Z",
    track: "Roads",
    artist: "Portishead",
    album: "Dummy",
    ms: 240_000,
    id: "GGG",
  },
];

/** Liked songs, followed artists and three playlists (two of them the user's own) of "me". */
function stockLibrary(fake: FakeSpotify): void {
  for (const track of [JOGA, HYPERBALLAD, BACHELORETTE, ARMY, TEARDROP]) fake.addTrack(track);
  const library = fake.library("me");
  library.liked.push(
    { trackId: JOGA.id, addedAt: Date.parse("2024-01-10T22:00:00Z") },
    { trackId: HYPERBALLAD.id, addedAt: Date.parse("2023-12-01T00:00:00Z") },
    { trackId: ARMY.id, addedAt: Date.parse("2024-06-01T00:00:00Z") },
    { trackId: TEARDROP.id, addedAt: Date.parse("2025-03-01T00:00:00Z") },
  );
  library.followed.push("Björk", "Boards of Canada");
  library.playlists.push(
    {
      id: "NightDrive000000000000",
      name: "Night drive",
      owner: "me",
      items: [
        { trackId: JOGA.id, addedAt: Date.parse("2024-02-02T00:00:00Z") },
        { trackId: BACHELORETTE.id, addedAt: Date.parse("2024-03-10T00:00:00Z") },
        { trackId: null, addedAt: Date.parse("2024-03-11T00:00:00Z") },
        {
          trackId: null,
          addedAt: Date.parse("2024-03-12T00:00:00Z"),
          episode: { id: "Episode00000000000001", name: "Episode one", show: "A show" },
        },
        {
          trackId: null,
          addedAt: Date.parse("2024-04-01T00:00:00Z"),
          local: { name: "Demo Tape", artist: "Me", album: "Home" },
        },
      ],
    },
    { id: "Empty00000000000000000", name: "Empty", owner: "me", items: [] },
    {
      id: "Friends0000000000000000",
      name: "Friends mix",
      owner: "someone",
      items: [{ trackId: ARMY.id, addedAt: Date.parse("2024-01-01T00:00:00Z") }],
    },
  );
}

async function withLibrary(
  fn: (fake: FakeSpotify, config: SpotifyConfig, warehouse: Warehouse, dir: string) => Promise<void>,
  { scope }: { scope?: string } = {},
) {
  const fake = new FakeSpotify();
  fake.now = () => T0;
  try {
    await withWarehouse(async (warehouse, dir) => {
      await importPlays(warehouse, dir, PLAYS);
      await seedConnection(warehouse, "me", fake.issueRefreshToken("me", scope));
      await fn(fake, fake.config(), warehouse, dir);
    });
  } finally {
    await fake.close();
  }
}

/** Runs the library job once at `at`, with waits recorded instead of slept. */
async function snapshot(warehouse: Warehouse, config: SpotifyConfig, at: number, waits: number[] = []) {
  const runner = new JobRunner({ session: () => warehouse.session(), logger: quiet, retries: 0 });
  return await runner.run(
    libraryJob(config, {
      api: { sleep: (ms) => (waits.push(ms), Promise.resolve()), random: () => 0.5 },
      now: () => new Date(at),
    }),
    "cli",
  );
}

/** The library API requests the fake saw since `from` (token requests left out). */
function apiRequests(fake: FakeSpotify, from = 0): string[] {
  return fake.requests.slice(from).filter((request) => request.path.startsWith("/v1/"))
    .map((request) => request.path);
}

async function snapshotTables(warehouse: Warehouse) {
  return await warehouse.rows(
    `select
        (select count(*) from raw_spotify_library_snapshot) as snapshots,
        (select count(*) from snapshot_spotify_library_item) as items,
        (select count(*) from snapshot_spotify_library_item where valid_to is null) as current_items,
        (select count(*) from snapshot_spotify_playlist) as playlists,
        (select string_agg(version, ',' order by playlist_id) from snapshot_spotify_playlist) as versions`,
  );
}

Deno.test("library: a snapshot reads each list once per page and skips other people's playlists", async () => {
  await withLibrary(async (fake, config, warehouse) => {
    stockLibrary(fake);
    const result = await snapshot(warehouse, config, T0);
    assert.equal(result.status, "succeeded", result.error);
    assert.deepEqual(apiRequests(fake), [
      "/v1/me",
      "/v1/me/tracks",
      "/v1/me/following",
      "/v1/me/playlists",
      "/v1/playlists/NightDrive000000000000/items",
      "/v1/playlists/Empty00000000000000000/items",
    ]);
    assert.deepEqual(result.counts, {
      users: 1,
      needs_consent: 0,
      liked_tracks: 4,
      followed_artists: 2,
      requests: 6,
    });
    const [row] = await warehouse.rows(
      `select spotify_user_id, liked_tracks, followed_artists, own_playlists, playlists_unchanged, entries_skipped,
          requests
       from raw_spotify_library_snapshot`,
    );
    assert.deepEqual(row, {
      spotify_user_id: "me",
      liked_tracks: 4,
      followed_artists: 2,
      own_playlists: 2,
      playlists_unchanged: 0,
      entries_skipped: 2,
      requests: 6,
    });
    // Night drive keeps Jóga, Bachelorette and the local file (the unavailable track and the episode are skipped).
    const kept = await warehouse.rows(
      `select list, playlist_id, item_uri, item_name, artist_name, strftime(added_at, '%Y-%m-%d') as added
       from snapshot_spotify_library_item where list = 'playlist' order by added_at`,
    );
    assert.deepEqual(kept.map((item) => [item.item_name, item.artist_name, item.added]), [
      ["Jóga", "Björk", "2024-02-02"],
      ["Bachelorette", "Björk", "2024-03-10"],
      ["Demo Tape", "Me", "2024-04-01"],
    ]);
    assert.match(String(kept[2].item_uri), /^spotify:local:/);
    // Liked tracks and followed artists arrived as full objects: enrichment will not ask for them again.
    const cached = await warehouse.rows(
      "select kind, count(*)::integer as items from raw_spotify_item group by kind order by kind",
    );
    assert.deepEqual(cached, [{ kind: "artist", items: 2 }, { kind: "track", items: 5 }]);
  });
});

Deno.test("library: the report compares liked songs, followed artists and playlists with the plays", async () => {
  await withLibrary(async (fake, config, warehouse) => {
    stockLibrary(fake);
    assert.equal((await snapshot(warehouse, config, T0)).status, "succeeded");
    const report = await libraryReport(warehouse, "me");
    assert.equal(report.likedTracks, 4);
    // Jóga and Hyperballad by id, Teardrop by title and artist (its plays are of the single).
    assert.equal(report.likedPlayed, 3);
    // Counted ms: Jóga 600,000 + Hyperballad 300,000 + Teardrop 660,000 of 3,050,000 in all.
    assert.equal(report.likedTimeShare, 1_560_000 / 3_050_000);
    assert.equal(report.followedArtists, 2);
    assert.equal(report.followedPlayed, 1);
    assert.equal(report.ownPlaylists, 2);
    assert.deepEqual(report.savedNeverPlayed, {
      total: 1,
      latest: [{
        name: "Army of Me",
        artist: "Björk",
        album: "Post",
        addedAt: new Date("2024-06-01T00:00:00Z"),
      }],
    });
    assert.deepEqual(
      report.playedNeverSaved.map((track) => [track.name, track.artist, track.plays, track.minutes]),
      [["Bachelorette", "Björk", 5, 1_250_000 / 60_000], ["Roads", "Portishead", 1, 4]],
    );
    // First plays start ms_played before they end.
    assert.deepEqual(report.playedNeverSaved[0].firstPlayedAt, new Date("2024-03-01T11:55:50Z"));
    assert.deepEqual(report.saveTiming, [
      { label: "saved before the first play", tracks: 1 },
      { label: "the same day", tracks: 1 },
      { label: "within a month", tracks: 0 },
      { label: "within a year", tracks: 0 },
      { label: "a year or more later", tracks: 1 },
      { label: "not played yet", tracks: 1 },
    ]);
    // Jóga: liked 2 h 3 min 20 s after its first play started; Teardrop: from 2023-02-01 08:54:30 to 2025-03-01.
    const joga = (Date.parse("2024-01-10T22:00:00Z") - Date.parse("2024-01-10T19:56:40Z")) / DAY;
    const teardrop = (Date.parse("2025-03-01T00:00:00Z") - Date.parse("2023-02-01T08:54:30Z")) / DAY;
    assert.ok(Math.abs(report.medianDaysToSave! - (joga + teardrop) / 2) < 1e-9);
    assert.deepEqual(report.slowestSaves.map((track) => [track.name, track.plays, track.daysToSave]), [
      ["Teardrop", 2, Math.floor(teardrop)],
    ]);
    assert.deepEqual(report.followedNeverPlayed, { total: 1, names: ["Boards of Canada"] });
    assert.deepEqual(report.playedNotFollowed.map((artist) => [artist.name, artist.plays]), [
      ["Massive Attack", 2],
      ["Portishead", 1],
    ]);
    assert.deepEqual(report.playlists, [
      {
        name: "Night drive",
        tracks: 3,
        tracksPlayed: 2,
        hours: (600_000 + 1_250_000) / 3_600_000,
        lastAddedAt: new Date("2024-04-01T00:00:00Z"),
      },
      { name: "Empty", tracks: 0, tracksPlayed: 0, hours: 0, lastAddedAt: null },
    ]);
    assert.deepEqual(report.removed, []);

    // A full rebuild gives the same report (the library marts are rebuilt from the snapshot tables).
    await warehouse.transaction(() => buildMarts(warehouse, UTC_SETTINGS));
    assert.deepEqual(await libraryReport(warehouse, "me"), report);
  });
});

Deno.test("library: an unchanged library writes nothing new and skips unchanged playlists", async () => {
  await withLibrary(async (fake, config, warehouse) => {
    stockLibrary(fake);
    await snapshot(warehouse, config, T0);
    const before = await snapshotTables(warehouse);
    const seen = fake.requests.length;
    const again = await snapshot(warehouse, config, T0 + DAY);
    assert.equal(again.status, "succeeded", again.error);
    assert.deepEqual(apiRequests(fake, seen), [
      "/v1/me",
      "/v1/me/tracks",
      "/v1/me/following",
      "/v1/me/playlists",
    ]);
    const after = await snapshotTables(warehouse);
    assert.deepEqual({ ...after[0], snapshots: 1 }, before[0]);
    assert.equal(after[0].snapshots, 2);
    assert.equal(
      await warehouse.value(
        "select playlists_unchanged from raw_spotify_library_snapshot order by taken_at desc",
      ),
      2,
    );
  });
});

Deno.test("library: changes close the old ranges: unliked songs, newly liked ones, edited playlists", async () => {
  await withLibrary(async (fake, config, warehouse) => {
    stockLibrary(fake);
    await snapshot(warehouse, config, T0);
    const library = fake.library("me");
    library.liked.splice(1, 1); // Hyperballad unliked
    library.liked.unshift({ trackId: BACHELORETTE.id, addedAt: Date.parse("2026-11-22T12:00:00Z") });
    library.playlists[0].items.shift(); // Jóga leaves Night drive
    library.playlists.splice(1, 1); // Empty is deleted
    const seen = fake.requests.length;
    const changed = await snapshot(warehouse, config, T0 + DAY);
    assert.equal(changed.status, "succeeded", changed.error);
    assert.deepEqual(apiRequests(fake, seen), [
      "/v1/me",
      "/v1/me/tracks",
      "/v1/me/following",
      "/v1/me/playlists",
      "/v1/playlists/NightDrive000000000000/items",
    ]);
    const ended = await warehouse.rows(
      `select list, item_name, valid_from, valid_to from snapshot_spotify_library_item
       where valid_to is not null order by list, item_name`,
    );
    assert.deepEqual(ended, [
      { list: "liked", item_name: "Hyperballad", valid_from: new Date(T0), valid_to: new Date(T0 + DAY) },
      { list: "playlist", item_name: "Jóga", valid_from: new Date(T0), valid_to: new Date(T0 + DAY) },
    ]);
    // Empty is gone; Night drive's old version ends and its new one (4 entries, from 5) begins.
    assert.deepEqual(
      await warehouse.rows(
        "select name, entries, valid_from, valid_to from snapshot_spotify_playlist order by name, valid_from",
      ),
      [
        { name: "Empty", entries: 0, valid_from: new Date(T0), valid_to: new Date(T0 + DAY) },
        { name: "Night drive", entries: 5, valid_from: new Date(T0), valid_to: new Date(T0 + DAY) },
        { name: "Night drive", entries: 4, valid_from: new Date(T0 + DAY), valid_to: null },
      ],
    );
    const report = await libraryReport(warehouse, "me");
    assert.equal(report.likedTracks, 4);
    assert.deepEqual(report.removed.map((track) => [track.name, track.removedAt]), [
      ["Hyperballad", new Date(T0 + DAY)],
    ]);
    // Bachelorette is liked now, and Hyperballad was once: neither is "never liked".
    assert.deepEqual(report.playedNeverSaved.map((track) => track.name), ["Roads"]);
    // Bachelorette, first played 2024-03-01, liked 2026-11-22: like Teardrop, a year or more later.
    assert.deepEqual(
      report.saveTiming.find((row) => row.label === "a year or more later"),
      { label: "a year or more later", tracks: 2 },
    );
    assert.deepEqual(
      report.saveTiming.find((row) => row.label === "within a year"),
      { label: "within a year", tracks: 0 },
    );
    assert.deepEqual(
      report.playlists.map((playlist) => [playlist.name, playlist.tracks, playlist.tracksPlayed]),
      [
        ["Night drive", 2, 1],
      ],
    );
    // Liked again later: a new range opens beside the closed one.
    library.liked.push({ trackId: HYPERBALLAD.id, addedAt: Date.parse("2026-11-23T09:00:00Z") });
    await snapshot(warehouse, config, T0 + 2 * DAY);
    assert.deepEqual(
      await warehouse.rows(
        `select valid_from, valid_to from snapshot_spotify_library_item
         where list = 'liked' and item_name = 'Hyperballad' order by valid_from`,
      ),
      [
        { valid_from: new Date(T0), valid_to: new Date(T0 + DAY) },
        { valid_from: new Date(T0 + 2 * DAY), valid_to: null },
      ],
    );
    assert.deepEqual((await libraryReport(warehouse, "me")).removed, []);
  });
});

Deno.test("library: every list is read page by page, 50 at a time", async () => {
  await withLibrary(async (fake, config, warehouse) => {
    const library = fake.library("me");
    for (let i = 0; i < 120; i++) {
      const id = `Liked${String(i).padStart(17, "0")}`;
      fake.addTrack({
        id,
        name: `Song ${i}`,
        artist: `Artist ${i % 7}`,
        album: "Album",
        durationMs: 200_000,
      });
      library.liked.push({ trackId: id, addedAt: T0 - i * DAY });
    }
    for (let i = 0; i < 60; i++) library.followed.push(`Followed ${i}`);
    library.playlists.push({
      id: "Long000000000000000000",
      name: "Long",
      owner: "me",
      items: library.liked.slice(0, 51).map(({ trackId, addedAt }) => ({ trackId, addedAt })),
    });
    const result = await snapshot(warehouse, config, T0);
    assert.equal(result.status, "succeeded", result.error);
    const paths = fake.requests.filter((request) => request.path.startsWith("/v1/"))
      .map((request) => `${request.path}${request.query}`);
    assert.deepEqual(paths, [
      "/v1/me",
      "/v1/me/tracks?limit=50",
      "/v1/me/tracks?offset=50&limit=50",
      "/v1/me/tracks?offset=100&limit=50",
      "/v1/me/following?type=artist&limit=50",
      `/v1/me/following?type=artist&after=${spotifyId("Followed 53")}&limit=50`,
      "/v1/me/playlists?limit=50",
      "/v1/playlists/Long000000000000000000/items?limit=50",
      "/v1/playlists/Long000000000000000000/items?offset=50&limit=50",
    ]);
    const counts = await warehouse.rows(
      `select list, count(*)::integer as items from snapshot_spotify_library_item group by list order by list`,
    );
    assert.deepEqual(counts, [
      { list: "followed", items: 60 },
      { list: "liked", items: 120 },
      { list: "playlist", items: 51 },
    ]);
  });
});

Deno.test("library: a failed or rate-limited read leaves the snapshot tables as they were", async () => {
  await withLibrary(async (fake, config, warehouse) => {
    stockLibrary(fake);
    await snapshot(warehouse, config, T0);
    const before = await snapshotTables(warehouse);
    // Night drive changes, and reading it fails every time (5xx after all retries).
    fake.library("me").playlists[0].items.pop();
    fake.library("me").liked.pop();
    fake.fail("playlist-items", { status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    const failed = await snapshot(warehouse, config, T0 + DAY);
    assert.equal(failed.status, "failed");
    assert.match(failed.error!, /Spotify answered 500 for \/v1\/playlists\/NightDrive000000000000\/items/);
    assert.deepEqual(await snapshotTables(warehouse), before);

    // A long Retry-After stops the run quietly: nothing merged, and the job is not a failure.
    fake.fail("me/following", { status: 429, retryAfter: 7293 });
    const limited = await snapshot(warehouse, config, T0 + DAY);
    assert.equal(limited.status, "succeeded", limited.error);
    assert.match(String(limited.counts?.stopped), /wait 7293 s/);
    assert.deepEqual(await snapshotTables(warehouse), before);

    // A 403 that is not about scopes (a development app's user not allow-listed, say) fails the run clearly
    // and leaves the consent as it was.
    fake.fail("me/tracks", { status: 403 });
    const refused = await snapshot(warehouse, config, T0 + DAY);
    assert.equal(refused.status, "failed");
    assert.match(refused.error!, /Spotify answered 403 for \/v1\/me\/tracks/);
    assert.equal(await warehouse.value("select library_consent from spotify_connection"), true);
    assert.deepEqual(await snapshotTables(warehouse), before);

    // The next run reads everything again and merges it.
    const next = await snapshot(warehouse, config, T0 + 2 * DAY);
    assert.equal(next.status, "succeeded", next.error);
    const after = await snapshotTables(warehouse);
    assert.equal(after[0].snapshots, 2);
    assert.equal(
      await warehouse.value(
        "select count(*)::integer from snapshot_spotify_library_item where valid_to = $1::timestamptz",
        [new Date(T0 + 2 * DAY).toISOString()],
      ),
      2, // Teardrop unliked, the local file gone from Night drive
    );

    // A playlist deleted between listing and reading (404) keeps what was stored; the other lists merge.
    const nightDrive = () =>
      warehouse.rows(
        "select version, entries from snapshot_spotify_playlist where name = 'Night drive' and valid_to is null",
      );
    const stored = await nightDrive();
    fake.library("me").playlists[0].items.shift();
    fake.library("me").liked.shift(); // Jóga unliked
    fake.fail("playlist-items", { status: 404 });
    const deleted = await snapshot(warehouse, config, T0 + 3 * DAY);
    assert.equal(deleted.status, "succeeded", deleted.error);
    assert.deepEqual(
      await warehouse.rows(
        "select list, item_name from snapshot_spotify_library_item where valid_to = $1::timestamptz",
        [new Date(T0 + 3 * DAY).toISOString()],
      ),
      [{ list: "liked", item_name: "Jóga" }],
    );
    assert.deepEqual(await nightDrive(), stored);
  });
});

Deno.test("library: a connection without the library scopes is skipped and asked to reconnect", async () => {
  await withLibrary(async (fake, config, warehouse) => {
    stockLibrary(fake);
    // Seeded: the scope is unknown until Spotify reports it, so the first run tries, and is refused.
    const first = await snapshot(warehouse, config, T0);
    assert.equal(first.status, "succeeded", first.error);
    assert.equal(first.counts?.needs_consent, 1);
    assert.deepEqual(await warehouse.rows("select scope, library_consent from spotify_connection"), [
      { scope: "user-read-recently-played", library_consent: false },
    ]);
    assert.deepEqual(await warehouse.rows("select * from raw_spotify_library_snapshot"), []);
    // Now the scope is known: no request at all.
    const seen = fake.requests.length;
    const second = await snapshot(warehouse, config, T0 + DAY);
    assert.equal(second.counts?.needs_consent, 1);
    assert.deepEqual(apiRequests(fake, seen), []);

    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
      spotify: {
        start: (user) => startConnect(warehouse, config, user),
        complete: (url) => completeConnect(warehouse, config, parseRedirect(url)),
      },
    });
    const page = await (await app.request("/library")).text();
    assert.match(page, /me connected Spotify before Music Tracker read libraries\./);
    assert.match(page, /No library snapshot yet\./);
    const settings = await (await app.request("/settings")).text();
    assert.match(settings, /connect again to allow reading your liked songs, followed artists and playlists/);

    // Connecting again asks for every scope; the library is read from the next run on.
    fake.consentUser = "me";
    const consent = await startConnect(warehouse, config, "me");
    const redirect = await fetch(consent, { redirect: "manual" });
    await redirect.body?.cancel();
    await completeConnect(warehouse, config, parseRedirect(redirect.headers.get("location")!));
    assert.equal(await warehouse.value("select library_consent from spotify_connection"), true);
    const third = await snapshot(warehouse, config, T0 + 2 * DAY);
    assert.deepEqual(third.counts, {
      users: 1,
      needs_consent: 0,
      liked_tracks: 4,
      followed_artists: 2,
      requests: 6,
    });
    assert.doesNotMatch(await (await app.request("/library")).text(), /connected Spotify before/);
  }, { scope: "user-read-recently-played" });
});

Deno.test("library page: the figures as rendered, and a 404 for an unknown user", async () => {
  await withLibrary(async (fake, config, warehouse) => {
    stockLibrary(fake);
    await snapshot(warehouse, config, T0);
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
    });
    const response = await app.request("/library");
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.deepEqual(factPairs(html), [
      ["Liked songs", "4, 3 of them played (75.0 %)"],
      ["Listening time on liked songs", "51.1 %"],
      ["Followed artists", "2, 1 of them played"],
      ["Your playlists", "2"],
    ]);
    assert.deepEqual(tableCells(html, "never-played-heading"), [["Army of Me", "Björk", "2024-06-01"]]);
    assert.deepEqual(tableCells(html, "never-saved-heading"), [
      ["Bachelorette", "Björk", "5", "21", "2024-03-01"],
      ["Roads", "Portishead", "1", "4", "2024-07-01"],
    ]);
    assert.deepEqual(tableCells(html, "timing-heading"), [
      ["saved before the first play", "1"],
      ["the same day", "1"],
      ["within a month", "0"],
      ["within a year", "0"],
      ["a year or more later", "1"],
      ["not played yet", "1"],
    ]);
    assert.match(html, /were liked 379 days after the first play \(median\)/);
    assert.deepEqual(tableCells(html, "not-followed-heading"), [["Massive Attack", "2"], [
      "Portishead",
      "1",
    ]]);
    assert.deepEqual(tableCells(html, "playlists-heading"), [
      ["Night drive", "3", "66.7 %", "0.5", "2024-04-01"],
      ["Empty", "0", "—", "0.0", "—"],
    ]);
    assert.match(html, /<li>Boards of Canada<\/li>/);
    assert.doesNotMatch(html, /id="removed-heading"/);

    const unknown = await app.request("/library?user=nobody");
    assert.equal(unknown.status, 404);
    assert.match(await unknown.text(), /No library snapshot of “nobody”\./);
  });
});

Deno.test("library: each listener of a household has their own library, compared with their own plays", async () => {
  await withLibrary(async (fake, config, warehouse) => {
    stockLibrary(fake);
    // Ana liked Jóga too, but only "me" played it.
    fake.library("ana").liked.push({ trackId: JOGA.id, addedAt: Date.parse("2025-05-05T00:00:00Z") });
    await seedConnection(warehouse, "ana", fake.issueRefreshToken("ana"));
    const result = await snapshot(warehouse, config, T0);
    assert.equal(result.status, "succeeded", result.error);
    assert.equal(result.counts?.users, 2);
    const ana = await libraryReport(warehouse, "ana");
    assert.deepEqual([ana.likedTracks, ana.likedPlayed, ana.followedArtists, ana.ownPlaylists], [1, 0, 0, 0]);
    assert.deepEqual(ana.savedNeverPlayed.latest.map((track) => track.name), ["Jóga"]);
    assert.deepEqual(ana.playedNeverSaved, []);
    assert.equal((await libraryReport(warehouse, "me")).likedTracks, 4);

    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
    });
    const chosen = await (await app.request("/library?user=ana")).text();
    assert.match(chosen, /<option value="ana" selected>ana<\/option>/);
    assert.deepEqual(factPairs(chosen)[0], ["Liked songs", "1, 0 of them played (0.0 %)"]);
    // The listener switch picks the default; "me" listened, so has a view of their own.
    const switched = await app.request("/library", { headers: { cookie: "listener=me" } });
    assert.deepEqual(factPairs(await switched.text())[0], ["Liked songs", "4, 3 of them played (75.0 %)"]);
  });
});
