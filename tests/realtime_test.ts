/**
 * Now playing from Spotify's currently-playing (REALTIME_POLL_SECONDS), against the fake Spotify: what plays
 * shows on the board; an episode or a local file becomes a play when it ends (as last seen, estimated), a
 * catalogue track does not (recently-played reports it); a consent without the scope is skipped; the marts equal
 * a full build's, and an export's row of the same episode replaces the estimate and covers it when seen again.
 */
import assert from "node:assert/strict";
import { Logger } from "../log.ts";
import { NowPlayingBoard } from "../lib/now_playing.ts";
import { buildMarts } from "../warehouse/build.ts";
import type { Warehouse } from "../warehouse/duckdb.ts";
import { seedConnection } from "../warehouse/state/spotify_connections.ts";
import { importExports } from "../pipeline/imports/import_exports.ts";
import { JobRunner } from "../pipeline/jobs/runner.ts";
import { completeConnect, startConnect } from "../pipeline/spotify/connections.ts";
import { parseRedirect } from "../pipeline/spotify/oauth.ts";
import { RealtimePoller } from "../pipeline/spotify/realtime.ts";
import { episodeObject, FakeSpotify, JOGA, localTrackObject, trackObject } from "./fakes/spotify.ts";
import { extendedRow, martsSnapshot, UTC_SETTINGS, withWarehouse, writeHistory } from "./test_warehouse.ts";

const quiet = new Logger({ write: () => {}, format: "json" });
const T0 = Date.parse("2026-11-22T10:00:00Z");
const EPISODE = episodeObject({ id: "0000000000000000000EP1", name: "On Listening", show: "The Show" });
const LOCAL = localTrackObject({ name: "Home Demo", artist: "Me And My Band", album: "Tapes" });

async function connect(warehouse: Warehouse, fake: FakeSpotify, user: string) {
  fake.consentUser = user;
  const consent = await startConnect(warehouse, fake.config(), user);
  const redirect = await fetch(consent, { redirect: "manual" });
  await redirect.body?.cancel();
  await completeConnect(warehouse, fake.config(), parseRedirect(redirect.headers.get("location")!));
}

Deno.test("currently-playing: the board shows what plays; an episode and a local file become plays when they end, a catalogue track does not", async () => {
  const fake = new FakeSpotify();
  let clock = T0;
  fake.now = () => clock;
  fake.addTrack(JOGA);
  try {
    await withWarehouse(async (warehouse, dir) => {
      await connect(warehouse, fake, "me");
      // Ana connected before now playing existed: her consent lacks user-read-currently-playing.
      await seedConnection(warehouse, "ana", fake.issueRefreshToken("ana", "user-read-recently-played"));
      const board = new NowPlayingBoard({ now: () => new Date(clock) });
      const poller = new RealtimePoller({
        config: fake.config(),
        settings: UTC_SETTINGS,
        board,
        runner: new JobRunner({ session: () => warehouse.session(), logger: quiet, retries: 0 }),
        current: () => Promise.resolve(warehouse),
        logger: quiet,
        pollSeconds: 30,
        now: () => new Date(clock),
      });
      const poll = async (playing: Record<string, unknown> | null, progressMs = 0, isPlaying = true) => {
        fake.currentlyPlaying.set(
          "me",
          playing && { is_playing: isPlaying, progress_ms: progressMs, item: playing },
        );
        await poller.poll();
        await poller.settled();
        clock += 30_000;
      };
      const plays = () =>
        warehouse.rows(
          `select source, fct_play.content_type, strftime(played_at, '%H:%M:%S') as seen, ms_played, ms_is_estimated,
             coalesce(dim_track.track_name, dim_episode.episode_name) as title
           from fct_play left join dim_track using (track_key) left join dim_episode using (episode_key)
           order by played_at`,
        );

      await poll(EPISODE, 60_000); // 10:00:00
      assert.deepEqual([board.get("me")?.artist, board.get("me")?.track, board.get("me")?.client], [
        "The Show",
        "On Listening",
        "Spotify",
      ]);
      await poll(EPISODE, 90_000); // 10:00:30
      await poll(EPISODE, 95_000, false); // 10:01:00, paused: not over
      assert.equal(board.get("me"), undefined);
      assert.deepEqual(await plays(), []);
      await poll(trackObject(JOGA), 5_000); // 10:01:30: the episode ended, as last seen playing at 10:00:30
      assert.deepEqual(await plays(), [
        {
          source: "api",
          content_type: "episode",
          seen: "10:00:30",
          ms_played: 90000,
          ms_is_estimated: true,
          title: "On Listening",
        },
      ]);
      assert.equal(board.get("me")?.track, "Jóga");
      await poll(LOCAL, 40_000); // 10:02:00: Jóga ended: recently-played will report it, no play from here
      await poll(null); // 10:02:30: nothing plays: the local file ended
      assert.deepEqual(
        (await plays()).map((play) => [play.content_type, play.seen, play.ms_played, play.title]),
        [
          ["episode", "10:00:30", 90000, "On Listening"],
          ["track", "10:02:00", 40000, "Home Demo"],
        ],
      );
      assert.equal(board.get("me"), undefined);
      assert.deepEqual(poller.withoutConsent, ["ana"]);
      assert.equal(await warehouse.value("select count(*) from raw_spotify_currently_playing"), 2);

      // The marts equal a full build's.
      const marts = async () => ({
        plays: await warehouse.rows(
          "select play_key::varchar as k, track_key::varchar as t, episode_key::varchar as e, date_key, ms_played from fct_play order by k",
        ),
        sums: await martsSnapshot(warehouse),
      });
      const incremental = await marts();
      await warehouse.transaction(() => buildMarts(warehouse, UTC_SETTINGS));
      assert.deepEqual(await marts(), incremental);

      // The extended history comes: its row of the episode (ended 10:00:40 after 100 s) replaces the estimate.
      const file = await writeHistory(dir, "Streaming_History_Audio_2026.json", [
        extendedRow("2026-11-22T10:00:40Z", 100_000, {
          episode_name: "On Listening",
          episode_show_name: "The Show",
          spotify_episode_uri: "spotify:episode:0000000000000000000EP1",
        }),
      ]);
      await importExports(warehouse, [file], { user: "me", settings: UTC_SETTINGS });
      assert.deepEqual((await plays()).map((play) => [play.source, play.content_type, play.ms_played]), [
        ["extended", "episode", 100000],
        ["api", "track", 40000],
      ]);

      // Seen again 30 s after the export's row ended (within its minute of grace): that row covers it, no play.
      clock = Date.parse("2026-11-22T10:01:10Z");
      await poll(EPISODE, 95_000);
      await poll(null);
      assert.equal(await warehouse.value("select count(*) from raw_spotify_currently_playing"), 3);
      assert.deepEqual((await plays()).map((play) => [play.source, play.content_type, play.ms_played]), [
        ["extended", "episode", 100000],
        ["api", "track", 40000],
      ]);
    });
  } finally {
    await fake.close();
  }
});
