/**
 * Connecting Spotify and keeping the history current, against a fake Spotify on 127.0.0.1 that speaks the real
 * wire format (tests/fakes/spotify.ts): both connect flows, token refresh and rotation, invalid_grant, ingestion
 * idempotence, dedup against an imported export in either order, gaps, and each rate-limit fault.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { SpotifyConfig } from "../config.ts";
import { Logger } from "../log.ts";
import type { Warehouse } from "../warehouse/duckdb.ts";
import { buildMarts } from "../warehouse/build.ts";
import { importExports } from "../pipeline/imports/import_exports.ts";
import { JobRunner } from "../pipeline/jobs/runner.ts";
import type { Notice } from "../pipeline/jobs/notify.ts";
import { accessToken, completeConnect, startConnect } from "../pipeline/spotify/connections.ts";
import { listConnections, seedConnection } from "../warehouse/state/spotify_connections.ts";
import { ingestJob } from "../pipeline/spotify/ingest.ts";
import { parseRedirect, ReconnectNeeded } from "../pipeline/spotify/oauth.ts";
import { FakeSpotify, HYPERBALLAD, JOGA } from "./fakes/spotify.ts";
import { martsSnapshot, UTC_SETTINGS, withWarehouse } from "./test_warehouse.ts";

const quiet = new Logger({ write: () => {}, format: "json" });
const T0 = Date.parse("2026-11-22T10:00:00Z");
const MINUTE = 60_000;

async function withSpotify(fn: (fake: FakeSpotify, config: SpotifyConfig) => Promise<void>) {
  const fake = new FakeSpotify();
  fake.now = () => T0;
  fake.addTrack(JOGA);
  fake.addTrack(HYPERBALLAD);
  const config = fake.config();
  try {
    await fn(fake, config);
  } finally {
    await fake.close();
  }
}

/** Runs the ingest job once, with waits recorded instead of slept and notices collected. */
async function ingest(
  warehouse: Warehouse,
  config: SpotifyConfig,
  waits: number[] = [],
  notices: Notice[] = [],
) {
  const job = ingestJob(config, UTC_SETTINGS, {
    api: { sleep: (ms) => (waits.push(ms), Promise.resolve()), random: () => 0.5 },
    now: () => new Date(T0),
  });
  const runner = new JobRunner({
    session: () => warehouse.session(),
    logger: quiet,
    retries: 0,
    notify: (notice) => (notices.push(notice), Promise.resolve()),
  });
  return await runner.run(job, "cli");
}

async function connect(warehouse: Warehouse, config: SpotifyConfig, user = "me") {
  const consent = await startConnect(warehouse, config, user);
  const redirect = await fetch(consent, { redirect: "manual" });
  await redirect.body?.cancel();
  return await completeConnect(warehouse, config, parseRedirect(redirect.headers.get("location")!));
}

async function apiPlays(warehouse: Warehouse) {
  return await warehouse.rows(
    `select strftime(played_at, '%H:%M:%S.%g') as at, track_name, ms_played, ms_is_estimated
     from fct_play join dim_track using (track_key) where source = 'api' order by played_at`,
  );
}

Deno.test("connect: consent with PKCE, redirected URL pasted back, tokens stored and never shown", async () => {
  await withSpotify(async (fake, config) => {
    await withWarehouse(async (warehouse) => {
      const consent = new URL(await startConnect(warehouse, config, "ana"));
      assert.equal(consent.origin + consent.pathname, `${fake.baseUrl}/authorize`);
      assert.equal(consent.searchParams.get("code_challenge_method"), "S256");
      assert.equal(
        consent.searchParams.get("scope"),
        "user-read-recently-played user-library-read user-follow-read playlist-read-private " +
          "user-read-currently-playing",
      );
      assert.equal(consent.searchParams.get("redirect_uri"), "http://127.0.0.1:8080/callback");
      // The browser lands on the loopback URL (which fails to load on a laptop); the user pastes it.
      const redirect = await fetch(consent, { redirect: "manual" });
      await redirect.body?.cancel();
      const pasted = redirect.headers.get("location")!;
      assert.match(pasted, /^http:\/\/127\.0\.0\.1:8080\/callback\?code=.+&state=.+/);
      assert.equal(await completeConnect(warehouse, config, parseRedirect(pasted)), "ana");
      const [connection] = await listConnections(warehouse);
      assert.deepEqual([connection.userName, connection.status], ["ana", "connected"]);
      assert.ok(!JSON.stringify(connection).includes("refresh-"), "no token in what the pages read");
      // A consent can be completed once; a forged state is refused.
      await assert.rejects(
        () => completeConnect(warehouse, config, parseRedirect(pasted)),
        /unknown or expired/,
      );
      assert.throws(
        () => parseRedirect("http://127.0.0.1:8080/callback?error=access_denied&state=x"),
        /access_denied/,
      );
      assert.throws(() => parseRedirect("not a url"), /not a URL/);
    });
  });
});

Deno.test("tokens: refreshed before expiry, rotated refresh tokens kept, invalid_grant asks to reconnect", async () => {
  await withSpotify(async (fake, config) => {
    await withWarehouse(async (warehouse) => {
      assert.equal(await seedConnection(warehouse, "me", fake.issueRefreshToken("me")), true);
      fake.rotateRefreshTokens = true;
      const first = await accessToken(warehouse, config, "me");
      assert.match(first, /^access-me-/);
      assert.equal(await accessToken(warehouse, config, "me"), first, "a valid token is reused");
      const rotated = await warehouse.value<string>("select refresh_token from spotify_connection");
      // The seed never overrides a stored (rotated) token.
      assert.equal(await seedConnection(warehouse, "me", "refresh-old"), false);
      await warehouse.run("update spotify_connection set access_expires_at = now()");
      fake.revoke("me");
      await assert.rejects(() => accessToken(warehouse, config, "me"), ReconnectNeeded);
      const [connection] = await listConnections(warehouse);
      assert.equal(connection.status, "needs_reconnect");
      assert.ok(rotated.startsWith("refresh-me-"));
    });
  });
});

Deno.test("ingest: new plays land once, with estimated minutes; polling again adds nothing", async () => {
  await withSpotify(async (fake, config) => {
    await withWarehouse(async (warehouse) => {
      await connect(warehouse, config, "listener");
      fake.play("listener", "0000000000000000000AAA", T0 - 30 * MINUTE + 123);
      fake.play("listener", "0000000000000000000BBB", T0 - 20 * MINUTE);
      const first = await ingest(warehouse, config);
      assert.deepEqual([first.status, first.counts?.newPlays], ["succeeded", 2]);
      assert.deepEqual(await apiPlays(warehouse), [
        { at: "09:30:00.123", track_name: "Jóga", ms_played: 305000, ms_is_estimated: true },
        { at: "09:40:00.000", track_name: "Hyperballad", ms_played: 321000, ms_is_estimated: true },
      ]);
      const again = await ingest(warehouse, config);
      assert.equal(again.counts?.newPlays, 0);
      const lastQuery = fake.requests.filter((r) => r.path === "/v1/me/player/recently-played").at(-1)!;
      assert.equal(lastQuery.query, `?limit=50&after=${T0 - 20 * MINUTE}`);
      fake.play("listener", "0000000000000000000AAA", T0 - 5 * MINUTE);
      assert.equal((await ingest(warehouse, config)).counts?.newPlays, 1);
      assert.equal(await warehouse.value("select count(*) from raw_spotify_recently_played"), 3);
      // The incremental marts equal a full rebuild from raw.
      const incremental = await martsSnapshot(warehouse);
      await warehouse.transaction(() => buildMarts(warehouse, UTC_SETTINGS));
      assert.deepEqual(await martsSnapshot(warehouse), incremental);
    });
  });
});

const JOGA_URI = "spotify:track:0000000000000000000AAA";

function extendedExport(rows: { ts: string; uri: string; ms: number }[]) {
  return JSON.stringify(rows.map((row) => ({
    ts: row.ts,
    ms_played: row.ms,
    spotify_track_uri: row.uri,
    master_metadata_track_name: "Jóga",
    master_metadata_album_artist_name: "Björk",
    master_metadata_album_album_name: "Homogenic",
  })));
}

Deno.test("the same play from the API and an export is one play, in either order; the export's row wins", async () => {
  for (const order of ["ingest first", "import first"]) {
    await withSpotify(async (fake, config) => {
      await withWarehouse(async (warehouse, dir) => {
        fake.consentUser = "me";
        await connect(warehouse, config, "me");
        // The API says Jóga ended at 09:30:05; the export says it stopped at 09:30:00 after 200 s: the same play.
        // Another API play at 09:50 has no export row; the export's 08:00 play never reached the API.
        fake.play("me", "0000000000000000000AAA", T0 - 30 * MINUTE + 5_000);
        fake.play("me", "0000000000000000000BBB", T0 - 10 * MINUTE);
        const file = join(dir, "Streaming_History_Audio_2026.json");
        await Deno.writeTextFile(
          file,
          extendedExport([
            { ts: "2026-11-22T09:30:00Z", uri: "spotify:track:0000000000000000000AAA", ms: 200_000 },
            { ts: "2026-11-22T08:00:00Z", uri: "spotify:track:0000000000000000000AAA", ms: 300_000 },
          ]),
        );
        const steps = [
          () => ingest(warehouse, config),
          () => importExports(warehouse, [file], { user: "me", settings: UTC_SETTINGS }),
        ];
        if (order === "import first") steps.reverse();
        for (const step of steps) await step();
        const plays = await warehouse.rows(
          "select source, strftime(played_at, '%H:%M:%S') as at, ms_played from fct_play order by played_at",
        );
        assert.deepEqual(plays, [
          { source: "extended", at: "08:00:00", ms_played: 300000 },
          { source: "extended", at: "09:30:00", ms_played: 200000 },
          { source: "api", at: "09:50:00", ms_played: 321000 },
        ], order);
      });
    });
  }
});

Deno.test("ingest: plays added to days, artists and years already played sum as a full build sums them", async () => {
  await withSpotify(async (fake, config) => {
    await withWarehouse(async (warehouse, dir) => {
      fake.consentUser = "me";
      await connect(warehouse, config, "me");
      // The export: Jóga on 22 November (08:00) and in 2025; the API then adds Hyperballad the same morning,
      // Jóga that evening and a first play of a new artist, so each kind of sum has old rows to change.
      const file = join(dir, "Streaming_History_Audio_2026.json");
      await Deno.writeTextFile(
        file,
        extendedExport([
          { ts: "2026-11-22T08:00:00Z", uri: "spotify:track:0000000000000000000AAA", ms: 300_000 },
          { ts: "2025-03-01T23:00:00Z", uri: "spotify:track:0000000000000000000AAA", ms: 20_000 },
        ]),
      );
      await importExports(warehouse, [file], { user: "me", settings: UTC_SETTINGS });
      const before = await martsSnapshot(warehouse);
      fake.addTrack({
        id: "0000000000000000000CCC",
        name: "Teardrop",
        artist: "Massive Attack",
        album: "Mezzanine",
        durationMs: 330_000,
      });
      fake.play("me", "0000000000000000000BBB", T0 - 110 * MINUTE);
      fake.play("me", "0000000000000000000CCC", T0 - 60 * MINUTE);
      fake.play("me", "0000000000000000000AAA", T0 - 2 * MINUTE);
      assert.equal((await ingest(warehouse, config)).counts?.newPlays, 3);
      const incremental = await martsSnapshot(warehouse);
      for (const table of Object.keys(before)) assert.notDeepEqual(incremental[table], before[table], table);
      await warehouse.transaction(() => buildMarts(warehouse, UTC_SETTINGS));
      assert.deepEqual(await martsSnapshot(warehouse), incremental);
    });
  });
});

Deno.test("ingest: new plays in the middle of the history join two runs of plays and split another, as a full build does", async () => {
  await withSpotify(async (fake, config) => {
    await withWarehouse(async (warehouse, dir) => {
      fake.consentUser = "me";
      await connect(warehouse, config, "me");
      // [end, seconds] on 21 November: runs (no more than a minute between plays) 09:59–10:04, 10:27–10:30,
      // 10:59–11:10 (Q1, then Q2 starting as Q1 ends), and one on the next morning.
      const file = join(dir, "Streaming_History_Audio_2026.json");
      const plays: [string, number][] = [
        ["2026-11-21T10:00:00Z", 60],
        ["2026-11-21T10:04:00Z", 180],
        ["2026-11-21T10:30:00Z", 180],
        ["2026-11-21T11:00:00Z", 60],
        ["2026-11-21T11:10:00Z", 600],
        ["2026-11-22T09:00:00Z", 60],
      ];
      await Deno.writeTextFile(
        file,
        extendedExport(plays.map(([ts, seconds]) => ({ ts, uri: JOGA_URI, ms: seconds * 1000 }))),
      );
      await importExports(warehouse, [file], { user: "me", settings: UTC_SETTINGS });
      const runs = () =>
        warehouse.rows(
          `select strftime(make_timestamp(start_ms * 1000), '%H:%M:%S') as start,
                  strftime(make_timestamp(end_ms * 1000), '%H:%M:%S') as end, plays, ms_played // 1000 as seconds
           from agg_play_run order by first_end_ms`,
        );
      assert.deepEqual((await runs()).map((run) => `${run.start}–${run.end} ${run.plays} ${run.seconds}`), [
        "09:59:00–10:04:00 2 240",
        "10:27:00–10:30:00 1 180",
        "10:59:00–11:10:00 2 660",
        "08:59:00–09:00:00 1 60",
      ]);
      // X (25 minutes, 10:01:30–10:26:30) bridges the first two; Y (10 s, ends 11:09) starts 8:50 after Q1
      // ended and before Q2 ends: Q1 and Q2 were one run, now Q1 is alone and Y leads Q2's.
      fake.addTrack({
        id: "0000000000000000000XXX",
        name: "X",
        artist: "Bridge",
        album: "X",
        durationMs: 1_500_000,
      });
      fake.addTrack({
        id: "0000000000000000000YYY",
        name: "Y",
        artist: "Split",
        album: "Y",
        durationMs: 10_000,
      });
      fake.play("me", "0000000000000000000XXX", Date.parse("2026-11-21T10:26:30Z"));
      fake.play("me", "0000000000000000000YYY", Date.parse("2026-11-21T11:09:00Z"));
      assert.equal((await ingest(warehouse, config)).counts?.newPlays, 2);
      const incremental = await martsSnapshot(warehouse);
      assert.deepEqual((await runs()).map((run) => `${run.start}–${run.end} ${run.plays} ${run.seconds}`), [
        "09:59:00–10:30:00 4 1920",
        "10:59:00–11:00:00 1 60",
        "11:00:00–11:10:00 2 610",
        "08:59:00–09:00:00 1 60",
      ]);
      await warehouse.transaction(() => buildMarts(warehouse, UTC_SETTINGS));
      assert.deepEqual(await martsSnapshot(warehouse), incremental);
    });
  });
});

Deno.test("ingest: a full page of new plays records a gap", async () => {
  await withSpotify(async (fake, config) => {
    await withWarehouse(async (warehouse) => {
      await connect(warehouse, config, "listener");
      fake.play("listener", "0000000000000000000AAA", T0 - 600 * MINUTE);
      await ingest(warehouse, config);
      for (let i = 0; i < 60; i++) {
        fake.play("listener", "0000000000000000000BBB", T0 - (300 - i * 4) * MINUTE);
      }
      const notices: Notice[] = [];
      const result = await ingest(warehouse, config, [], notices);
      assert.deepEqual([result.counts?.newPlays, result.counts?.gaps], [50, 1]);
      // The run succeeded, and the user is told once that plays may be missing.
      assert.deepEqual(notices, [{
        title: "Music Tracker: ingest warning",
        message:
          "listener: plays between 2026-11-22T00:00:00.000Z and 2026-11-22T05:40:00.000Z may be missing " +
          "(more than 50 plays since the last poll). Import your Extended Streaming History to fill the gap.",
        job: "ingest",
        status: "warning",
      }]);
      assert.deepEqual(
        await warehouse.rows(
          "select strftime(gap_from, '%H:%M') as gap_from, strftime(gap_to, '%H:%M') as gap_to from ingest_gap",
        ),
        [{ gap_from: "00:00", gap_to: "05:40" }], // plays between 00:00 and 05:40 may be lost
      );
      // The Jobs page shows the connection and the gap beside the runs.
      const { createApp } = await import("../web/app.tsx");
      const app = createApp({
        warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
        timezone: "UTC",
      });
      const jobs = await (await app.request("/jobs")).text();
      assert.match(
        jobs,
        /<td>listener<\/td><td><span class="status status-succeeded">connected<\/span><\/td>/,
      );
      assert.match(jobs, /<td>listener<\/td><td>2026-11-22 00:00<\/td><td>2026-11-22 05:40<\/td>/);
    });
  });
});

Deno.test("ingest: Retry-After is waited out, 5xx retried with backoff, long limits and quotas pause polling", async () => {
  await withSpotify(async (fake, config) => {
    await withWarehouse(async (warehouse) => {
      await connect(warehouse, config, "listener");
      fake.play("listener", "0000000000000000000AAA", T0 - 30 * MINUTE);
      const waits: number[] = [];
      fake.fail("recently-played", { status: 429, retryAfter: 2 }, { status: 500 }, { status: 503 });
      const result = await ingest(warehouse, config, waits);
      assert.deepEqual([result.status, result.counts?.newPlays], ["succeeded", 1]);
      // 2 s as asked, then backoff 500 ms × 2^n × (0.5 + jitter 0.5) after each 5xx.
      assert.deepEqual(waits, [2000, 1000, 2000]);

      fake.play("listener", "0000000000000000000BBB", T0 - 20 * MINUTE);
      fake.fail("recently-played", { status: 429, retryAfter: 7293 });
      const limited = await ingest(warehouse, config);
      assert.deepEqual([limited.status, limited.counts?.paused, limited.counts?.newPlays], [
        "succeeded",
        1,
        0,
      ]);
      let [connection] = await listConnections(warehouse);
      assert.equal(connection.pausedUntil?.toISOString(), new Date(T0 + 7293_000).toISOString());
      const before = fake.requests.length;
      await ingest(warehouse, config);
      assert.equal(fake.requests.length, before, "no request while paused");

      await warehouse.run("update spotify_connection set paused_until = null");
      fake.fail("recently-played", { status: 429, retryAfter: 1, reason: "QUOTA_EXCEEDED" });
      await ingest(warehouse, config);
      [connection] = await listConnections(warehouse);
      assert.equal(connection.pausedUntil?.toISOString(), "2026-11-23T00:00:00.000Z");
      assert.match(connection.lastError ?? "", /QUOTA_EXCEEDED/);
      await warehouse.run("update spotify_connection set paused_until = null");
      assert.equal((await ingest(warehouse, config)).counts?.newPlays, 1, "nothing was lost meanwhile");
    });
  });
});

Deno.test("ingest: invalid_grant fails the run with a clear message and marks the connection", async () => {
  await withSpotify(async (fake, config) => {
    await withWarehouse(async (warehouse) => {
      await connect(warehouse, config, "listener");
      await warehouse.run("update spotify_connection set access_expires_at = now()");
      fake.revoke("listener");
      const result = await ingest(warehouse, config);
      assert.equal(result.status, "failed");
      assert.match(result.error ?? "", /^listener: Spotify refused the stored token \(invalid_grant/);
      assert.equal((await listConnections(warehouse))[0].status, "needs_reconnect");
      const again = await ingest(warehouse, config);
      assert.match(again.error ?? "", /listener: needs to connect Spotify again/);
    });
  });
});

Deno.test("ingest: connection resets and slow answers are retried, then give up as a transient failure", async () => {
  await withSpotify(async (fake, config) => {
    await withWarehouse(async (warehouse) => {
      await connect(warehouse, config, "listener");
      fake.play("listener", "0000000000000000000AAA", T0 - 30 * MINUTE);
      const waits: number[] = [];
      const job = ingestJob(config, UTC_SETTINGS, {
        api: { sleep: (ms) => (waits.push(ms), Promise.resolve()), random: () => 0.5, timeoutMs: 200 },
        now: () => new Date(T0),
      });
      const runner = new JobRunner({ session: () => warehouse.session(), logger: quiet, retries: 0 });
      fake.fail("recently-played", { reset: true }, { delayMs: 400 });
      const recovered = await runner.run(job, "schedule");
      assert.deepEqual([recovered.status, recovered.counts?.newPlays, waits], ["succeeded", 1, [500, 1000]]);
      fake.fail("recently-played", { status: 502 }, { status: 502 }, { status: 502 }, { status: 502 });
      const failed = await runner.run(job, "schedule");
      assert.equal(failed.status, "failed");
      assert.match(failed.error ?? "", /Spotify answered 502 for \/v1\/me\/player\/recently-played/);
      assert.deepEqual(
        (await listConnections(warehouse))[0].pausedUntil,
        null,
        "a 5xx does not pause polling",
      );
    });
  });
});

const REFERENCE = new URL("../../shared/reference/spotify-responses/", import.meta.url);
const hasReference = (() => {
  try {
    return Deno.statSync(REFERENCE).isDirectory;
  } catch {
    return false;
  }
})();

// The recorded responses live in ../shared beside the checkout (CI has them); elsewhere this test is skipped.
Deno.test({
  name: "the fake Spotify answers single-item lookups like the recorded responses, and refuses batches",
  ignore: !hasReference,
}, async () => {
  await withSpotify(async (fake, config) => {
    await withWarehouse(async (warehouse) => {
      await connect(warehouse, config, "listener");
      const token = await accessToken(warehouse, config, "listener");
      const get = async (path: string) => {
        const response = await fetch(`${fake.baseUrl}${path}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        return { status: response.status, body: await response.json() };
      };
      // Key sets compared with ../shared/reference/spotify-responses (get_tracks_id, get_albums_id, get_artists_id).
      const reference = (name: string) =>
        JSON.parse(
          Deno.readTextFileSync(new URL(`../../shared/reference/spotify-responses/${name}`, import.meta.url)),
        );
      const track = await get("/v1/tracks/0000000000000000000AAA");
      const recordedTrack = reference("get_tracks_id.zmb3-go.json");
      for (
        const key of [
          "album",
          "artists",
          "duration_ms",
          "explicit",
          "external_ids",
          "id",
          "name",
          "uri",
          "type",
        ]
      ) {
        assert.ok(key in track.body && key in recordedTrack, key);
      }
      const album = await get(`/v1/albums/${track.body.album.id}`);
      assert.equal(album.body.tracks.items[0].id, "0000000000000000000AAA");
      assert.ok("release_date_precision" in reference("get_albums_id.harmony-2026.json"));
      assert.equal(album.body.release_date_precision, "day");
      const artist = await get(`/v1/artists/${track.body.artists[0].id}`);
      assert.deepEqual([artist.body.name, artist.body.genres], ["Björk", []]);
      assert.equal((await get("/v1/tracks?ids=0000000000000000000AAA")).status, 403);
    });
  });
});
