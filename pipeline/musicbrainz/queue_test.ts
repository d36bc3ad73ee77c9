/**
 * The MusicBrainz queue (sql/queues/musicbrainz_artists.sql) read on a real warehouse: which artists wait for
 * Spotify to describe their tracks, and which go to MusicBrainz now.
 */
import assert from "node:assert/strict";
import { importExports } from "../imports/import_exports.ts";
import { readSql } from "../../warehouse/sql_files.ts";
import { extendedRow, UTC_SETTINGS, withWarehouse, writeHistory } from "../../tests/test_warehouse.ts";

const id = (name: string) => name.padStart(22, "0");

Deno.test("an artist waits only for its own tracks: a Spotify track without an artist holds no one back", async () => {
  await withWarehouse(async (warehouse, dir) => {
    const row = (ts: string, track: string | null, artist: string | null, uri: string) =>
      extendedRow(ts, 200_000, {
        master_metadata_track_name: track,
        master_metadata_album_artist_name: artist,
        master_metadata_album_album_name: artist && `${artist} album`,
        spotify_track_uri: `spotify:track:${id(uri)}`,
      });
    const file = await writeHistory(dir, "Streaming_History_Audio_2024.json", [
      // Spotify answered 404 for Low's only track: nothing more will come, so Low goes to MusicBrainz by name.
      row("2024-03-01T10:00:00Z", "Words", "Low", "WORDS"),
      // Not described yet: Slowdive waits for Spotify.
      row("2024-03-01T10:05:00Z", "Alison", "Slowdive", "ALISON"),
      // A play of a Spotify track with no names (exports have them): a track without an artist.
      row("2024-03-01T10:10:00Z", null, null, "NAMELESS"),
    ]);
    await importExports(warehouse, [file], { user: "me", settings: UTC_SETTINGS });
    await warehouse.run(
      `insert into raw_spotify_item (kind, spotify_id, fetched_at, status) values ('track', $1, now(), 404)`,
      [id("WORDS")],
    );
    // The nameless track is a track of no artist, not yet described.
    assert.deepEqual(
      await warehouse.rows("select track_uri, artist_key from dim_track where track_name is null"),
      [{ track_uri: `spotify:track:${id("NAMELESS")}`, artist_key: null }],
    );

    const queue = await readSql("queues/musicbrainz_artists.sql");
    const queued = async (spotifyPending: boolean) =>
      (await warehouse.rows<{ artist_name: string }>(queue, [10, new Date().toISOString(), spotifyPending]))
        .map((artist) => artist.artist_name);
    assert.deepEqual(await queued(true), ["Low"]);
    // Without a Spotify account nothing will be described: every artist goes, most listened first (equal: by name).
    assert.deepEqual(await queued(false), ["Low", "Slowdive"]);
  });
});
