/**
 * Listens received over the API and added by hand reach what the pages read: the Overview's totals come from the
 * sums of the plays (agg_play_hour, agg_item …), which appendPlays keeps current; after each change the plays and
 * their sums equal a full build's.
 */
import assert from "node:assert/strict";
import { buildMarts } from "../warehouse/build.ts";
import { changeRules } from "../warehouse/rules_change.ts";
import type { Warehouse } from "../warehouse/duckdb.ts";
import { overview } from "../web/features/overview/queries.ts";
import { withListenApp } from "./test_listens.ts";
import { importPlays, martsSnapshot, type TestPlay, UTC_SETTINGS } from "./test_warehouse.ts";

type App = { request: (input: string | Request) => Response | Promise<Response> };

/** The Overview's "Plays" figure as served. */
async function playsShown(app: App): Promise<string> {
  const html = await (await app.request("/")).text();
  const shown = /<div class="stat-label">Plays<\/div><div class="stat-value">([^<]*)<\/div>/.exec(html);
  assert.ok(shown, "the Overview shows its Plays figure");
  return shown[1];
}

/** A listen added by hand through the Listens page's form (`fields` as the form names them): the answer's status. */
async function addListenByHand(app: App, fields: Record<string, string>): Promise<number> {
  const response = await app.request(
    new Request("http://localhost/listens", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
      body: new URLSearchParams(fields),
    }),
  );
  await response.body?.cancel();
  return response.status;
}

/** The first listen the Listens page lists, deleted through its form: the answer's status. */
async function deleteFirstListen(app: App): Promise<number> {
  const page = await (await app.request("/listens")).text();
  const id = /action="\/listens\/(\d+)\/delete"/.exec(page)![1];
  const response = await app.request(
    new Request(`http://localhost/listens/${id}/delete`, {
      method: "POST",
      headers: { origin: "http://localhost" },
    }),
  );
  await response.body?.cancel();
  return response.status;
}

/** rob's history, imported from a hand-built export in a folder of its own. */
async function importRobsPlays(warehouse: Warehouse, plays: TestPlay[]): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-listens-" });
  try {
    await importPlays(warehouse, dir, plays, { user: "rob" });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function assertSameAsFullBuild(warehouse: Warehouse): Promise<void> {
  const incremental = await martsSnapshot(warehouse);
  await warehouse.transaction(() => buildMarts(warehouse, UTC_SETTINGS));
  assert.deepEqual(await martsSnapshot(warehouse), incremental);
}

Deno.test("a listen received over the API, and one added by hand, are in the Overview's totals and sums as a full build's", async () => {
  await withListenApp(async ({ app, warehouse, intake, token }) => {
    // rob's history: two Spotify plays of Björk on the day the listens come.
    await importRobsPlays(warehouse, [
      { ts: "2026-02-20T08:00:00Z", track: "Joga", artist: "Björk", ms: 200_000 },
      { ts: "2026-02-20T09:00:00Z", track: "Hunter", artist: "Björk", ms: 250_000 },
    ]);
    assert.equal(await playsShown(app), "2");

    // Navidrome's single: the same artist and day, another track.
    const submitted = await app.request("/apis/listenbrainz/1/submit-listens", {
      method: "POST",
      headers: { authorization: `Token ${token}`, "content-type": "application/json; charset=UTF-8" },
      body: JSON.stringify({
        listen_type: "single",
        payload: [{
          listened_at: Date.parse("2026-02-20T10:00:00Z") / 1000,
          track_metadata: {
            artist_name: "Björk",
            track_name: "Army of Me",
            release_name: "Post",
            additional_info: { submission_client: "navidrome", duration_ms: 234_000 },
          },
        }],
      }),
    });
    assert.equal(submitted.status, 200);
    await intake.settled();
    const totals = await overview(warehouse);
    assert.deepEqual(
      [totals.plays, totals.countedPlays, totals.artists, totals.tracks],
      [3, 3, 1, 3],
    );
    assert.equal(Math.round(totals.hoursListened * 3_600_000), 200_000 + 250_000 + 234_000);
    assert.equal(await playsShown(app), "3");
    await assertSameAsFullBuild(warehouse);

    // A record put on by hand, then deleted: in the totals, then out of them again.
    assert.equal(
      await addListenByHand(app, {
        user: "rob",
        track: "Pink Moon",
        artist: "Nick Drake",
        album: "Pink Moon",
        started_at: "2026-02-20T21:30",
        duration: "2:06",
      }),
      303,
    );
    await intake.settled();
    assert.deepEqual([(await overview(warehouse)).plays, (await overview(warehouse)).artists], [4, 2]);
    assert.equal(await playsShown(app), "4");
    await assertSameAsFullBuild(warehouse);

    assert.equal(await deleteFirstListen(app), 303);
    await intake.settled();
    assert.deepEqual([(await overview(warehouse)).plays, (await overview(warehouse)).artists], [3, 1]);
    assert.equal(await playsShown(app), "3");
    await assertSameAsFullBuild(warehouse);
  });
});

Deno.test("listens of an artist merged into another, or excluded, reach the marts as a full build with the rules puts them", async () => {
  await withListenApp(async ({ app, warehouse, intake, token }) => {
    await importRobsPlays(warehouse, [
      { ts: "2026-02-20T08:00:00Z", track: "Joga", artist: "Björk", ms: 200_000 },
      { ts: "2026-02-20T09:00:00Z", track: "Hunter", artist: "Bjork", ms: 250_000 },
      { ts: "2026-02-20T10:00:00Z", track: "Baby Shark", artist: "Pinkfong", ms: 90_000 },
    ]);
    await changeRules(warehouse, UTC_SETTINGS, {
      add: { kind: "merge-artist", subject: "Bjork", target: "Björk" },
    });
    await changeRules(warehouse, UTC_SETTINGS, { add: { kind: "exclude-artist", subject: "Pinkfong" } });
    const listen = (artist: string, track: string, at: string) => ({
      listened_at: Date.parse(at) / 1000,
      track_metadata: { artist_name: artist, track_name: track, additional_info: { duration_ms: 200_000 } },
    });
    const submitted = await app.request("/apis/listenbrainz/1/submit-listens", {
      method: "POST",
      headers: { authorization: `Token ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        listen_type: "import",
        payload: [
          listen("Bjork", "Army of Me", "2026-02-21T10:00:00Z"),
          listen("Pinkfong", "Baby Shark", "2026-02-21T11:00:00Z"),
        ],
      }),
    });
    assert.equal(submitted.status, 200);
    await intake.settled();
    // Björk: Joga, Hunter (as Bjork) and Army of Me (as Bjork): 3 counted plays under one key; Pinkfong's 2 excluded
    assert.deepEqual(
      await warehouse.rows(
        `select dim_artist.artist_name as artist, count(*)::integer as plays, bool_or(is_excluded) as excluded
         from fct_play join dim_artist using (artist_key) group by all order by artist`,
      ),
      [{ artist: "Björk", plays: 3, excluded: false }, { artist: "Pinkfong", plays: 2, excluded: true }],
    );
    assert.equal(await playsShown(app), "3");
    await assertSameAsFullBuild(warehouse);
  });
});

Deno.test("a listen older than an artist's first play moves the artist's discovery to its year, and back when deleted, as a full build does", async () => {
  await withListenApp(async ({ app, warehouse, intake }) => {
    // Björk first in 2025, again in 2026 beside Nick Drake.
    await importRobsPlays(warehouse, [
      { ts: "2025-03-01T08:00:00Z", track: "Joga", artist: "Björk", ms: 200_000 },
      { ts: "2026-02-20T09:00:00Z", track: "Hunter", artist: "Björk", ms: 250_000 },
      { ts: "2026-02-21T09:00:00Z", track: "Pink Moon", artist: "Nick Drake", ms: 126_000 },
    ]);
    // Each year's share of counted plays by artists first played that year.
    const discovery = () =>
      warehouse.rows("select year, plays, discovery from agg_listener_year order by year");
    assert.deepEqual(await discovery(), [
      { year: 2025, plays: 1, discovery: 1 },
      { year: 2026, plays: 2, discovery: 0.5 },
    ]);

    assert.equal(
      await addListenByHand(app, {
        user: "rob",
        track: "Venus as a Boy",
        artist: "Björk",
        album: "Debut",
        started_at: "2024-05-01T10:00",
        duration: "4:41",
      }),
      303,
    );
    await intake.settled();
    // 2024 discovered Björk now; 2025 discovered nobody (its only play is of Björk).
    assert.deepEqual(await discovery(), [
      { year: 2024, plays: 1, discovery: 1 },
      { year: 2025, plays: 1, discovery: 0 },
      { year: 2026, plays: 2, discovery: 0.5 },
    ]);
    await assertSameAsFullBuild(warehouse);

    assert.equal(await deleteFirstListen(app), 303);
    await intake.settled();
    assert.deepEqual(await discovery(), [
      { year: 2025, plays: 1, discovery: 1 },
      { year: 2026, plays: 2, discovery: 0.5 },
    ]);
    await assertSameAsFullBuild(warehouse);
  });
});

Deno.test("a listen in a silence joins two listening sessions into one, and deleted splits them again, as a full build does", async () => {
  await withListenApp(async ({ app, warehouse, intake }) => {
    // 07:56:40–08:00 and 08:55:50–09:00: 55 minutes of silence, two sessions (30 minutes end one).
    await importRobsPlays(warehouse, [
      { ts: "2026-02-20T08:00:00Z", track: "Joga", artist: "Björk", ms: 200_000 },
      { ts: "2026-02-20T09:00:00Z", track: "Hunter", artist: "Björk", ms: 250_000 },
      { ts: "2026-02-21T09:00:00Z", track: "Pink Moon", artist: "Nick Drake", ms: 126_000 },
    ]);
    const sessions = async () =>
      (await warehouse.rows<{ start: string; end: string; plays: number }>(
        `select strftime(make_timestamp(start_ms * 1000), '%d %H:%M:%S') as start,
                strftime(make_timestamp(end_ms * 1000), '%d %H:%M:%S') as end, plays::integer as plays
         from agg_session order by first_end_ms`,
      )).map((s) => `${s.start}–${s.end} ${s.plays}`);
    const apart = ["20 07:56:40–20 08:00:00 1", "20 08:55:50–20 09:00:00 1", "21 08:57:54–21 09:00:00 1"];
    assert.deepEqual(await sessions(), apart);

    // 08:20–08:30 by hand: 20 minutes after the first play and 25:50 before the second, it joins them.
    assert.equal(
      await addListenByHand(app, {
        user: "rob",
        track: "Pink Moon",
        artist: "Nick Drake",
        album: "Pink Moon",
        started_at: "2026-02-20T08:20",
        duration: "10:00",
      }),
      303,
    );
    await intake.settled();
    assert.deepEqual(await sessions(), ["20 07:56:40–20 09:00:00 3", "21 08:57:54–21 09:00:00 1"]);
    await assertSameAsFullBuild(warehouse);

    assert.equal(await deleteFirstListen(app), 303);
    await intake.settled();
    assert.deepEqual(await sessions(), apart);
    await assertSameAsFullBuild(warehouse);
  });
});
