/**
 * `deno task bench` (third part): what the daily library snapshot costs at 350,000 plays, for a large library:
 * 10,000 liked songs, 500 followed artists and 50 own playlists of 200 tracks, served by the fake Spotify on
 * loopback (so the times are our own work, not Spotify's latency).
 *
 * 1. The first snapshot: requests, wall time, rows written.
 * 2. An unchanged day: requests (playlists with an unchanged version are not read), time, rows written.
 * 3. A day with changes (100 songs unliked, 100 liked, 5 playlists edited).
 * 4. The library marts' refresh alone (run after every snapshot and in every build), and the Library page
 *    rendered without the page cache.
 *
 * Options: --plays N (default 350000).
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { openWarehouse } from "../warehouse/migrate.ts";
import { refreshLibrary } from "../warehouse/build.ts";
import { importExports } from "../pipeline/imports/import_exports.ts";
import { seedConnection } from "../warehouse/state/spotify_connections.ts";
import { takeSnapshot } from "../pipeline/spotify/library.ts";
import { FakeSpotify, type FakeTrack } from "../tests/fakes/spotify.ts";
import { createApp } from "../web/app.tsx";
import { benchZip, OUT_DIR } from "./bench_input.ts";
import { machineLine, median, uncachedPage } from "./timing.ts";

const LIKED = 10_000;
const FOLLOWED = 500;
const PLAYLISTS = 50;
const PLAYLIST_TRACKS = 200;
const DAY = 86_400_000;

const { values } = parseArgs({ args: Deno.args, options: { plays: { type: "string", default: "350000" } } });
const plays = Number(values.plays);
const zipPath = await benchZip(plays);
console.log(`\nLibrary snapshots at ${plays.toLocaleString("en-US")} plays`);
console.log(machineLine());

const settings = { timezone: "UTC", minPlayMs: 30_000, sessionGapMinutes: 30 };
const dir = await Deno.makeTempDir({ dir: OUT_DIR, prefix: "library-" });
let warehouse = await openWarehouse(join(dir, "bench.duckdb"), settings);
const spotify = new FakeSpotify();
try {
  await importExports(warehouse, [zipPath], { user: "me", settings });
  // Reopened, as `serve` or the CLI would find it: the import's build keeps its temp tables in memory.
  warehouse.close();
  warehouse = await openWarehouse(join(dir, "bench.duckdb"), settings);
  // The catalogue's tracks, most played first; the library takes its liked songs from them and invents the rest.
  const catalogue = await warehouse.rows<{ id: string; name: string; artist: string; album: string | null }>(
    `select regexp_extract(track_uri, '^spotify:track:(.+)$', 1) as id, track_name as name,
        dim_artist.artist_name as artist, dim_album.album_name as album
     from dim_track
     join dim_artist using (artist_key)
     left join dim_album using (album_key)
     where track_uri like 'spotify:track:%'
     order by track_key`,
  );
  const tracks: FakeTrack[] = catalogue.map((row) => ({
    ...row,
    album: row.album ?? "Album",
    durationMs: 200_000,
  }));
  // 100 more than are liked at first: the day with changes likes them.
  for (let i = tracks.length; i < LIKED + 100; i++) {
    tracks.push({
      id: `Invented${String(i).padStart(14, "0")}`,
      name: `Invented song ${i}`,
      artist: `Invented artist ${i % 900}`,
      album: `Invented album ${i % 1500}`,
      durationMs: 200_000,
    });
  }
  for (const track of tracks) spotify.addTrack(track);
  const t0 = Date.parse("2026-11-22T01:30:00Z");
  const library = spotify.library("me");
  library.liked.push(
    ...tracks.slice(0, LIKED).map((track, i) => ({ trackId: track.id, addedAt: t0 - i * 3_600_000 })),
  );
  library.followed.push(...[...new Set(tracks.map((track) => track.artist))].slice(0, FOLLOWED));
  for (let p = 0; p < PLAYLISTS; p++) {
    library.playlists.push({
      id: `Playlist${String(p).padStart(14, "0")}`,
      name: `Playlist ${p}`,
      owner: "me",
      items: Array.from({ length: PLAYLIST_TRACKS }, (_, i) => ({
        trackId: tracks[(p * 37 + i * 11) % tracks.length].id,
        addedAt: t0 - (p + i) * DAY,
      })),
    });
  }
  console.log(
    `library: ${LIKED.toLocaleString("en-US")} liked songs (${
      Math.min(catalogue.length, LIKED).toLocaleString("en-US")
    } of them from the catalogue), ${FOLLOWED} followed artists, ${PLAYLISTS} playlists of ${PLAYLIST_TRACKS}`,
  );
  await seedConnection(warehouse, "me", spotify.issueRefreshToken("me"));
  const config = spotify.config();

  // Rows a snapshot opened or closed (valid_from or valid_to is its time), items and playlists.
  const touched = (at: number) =>
    warehouse.value<number>(
      `select (select count(*) from snapshot_spotify_library_item where $1 in (valid_from, valid_to))
            + (select count(*) from snapshot_spotify_playlist where $1 in (valid_from, valid_to))`,
      [new Date(at).toISOString()],
    );
  const day = async (label: string, at: number) => {
    const started = performance.now();
    // On a session of its own, as the job runner gives every run (the import's build keeps temp tables).
    const session = await warehouse.session();
    const counts = await takeSnapshot(session, config, "me", { now: () => new Date(at) }).finally(() =>
      session.close()
    );
    const took = Math.round(performance.now() - started);
    console.log(
      `${label}: ${counts.requests} requests, ${took} ms with the fake's answers, ${await touched(at)} ` +
        `snapshot rows opened or closed (${counts.playlistsUnchanged} playlists unchanged)`,
    );
  };
  await day("first snapshot", t0);
  await day("unchanged day", t0 + DAY);
  library.liked.splice(0, 100);
  library.liked.unshift(...tracks.slice(LIKED).map((track) => ({ trackId: track.id, addedAt: t0 + DAY })));
  for (let p = 0; p < 5; p++) library.playlists[p].items.pop();
  await day("a day with changes", t0 + 2 * DAY);

  const refresh = await median(5, () => warehouse.transaction(() => refreshLibrary(warehouse)));
  console.log(`library marts refresh (models + data tests): ${refresh} ms (median of 5)`);
  // Pages are served under the idle server's memory limit (SERVER_IDLE).
  await warehouse.setMemoryLimit("64MB");
  const app = createApp({ warehouse: () => Promise.resolve({ warehouse, isDemo: false }), timezone: "UTC" });
  console.log(`  /library at 64 MB, ${await uncachedPage(app, "/library")}`);
} finally {
  await spotify.close();
  warehouse.close();
  await Deno.remove(dir, { recursive: true });
}
