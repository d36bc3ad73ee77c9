/**
 * `export --format listenbrainz` round trip: every play (extended and account history with tracks, episodes and an
 * audiobook chapter, listens from players, a manual listen) written as ListenBrainz JSON lines that ListenBrainz's
 * own checks accept, and read back by this program's import, in another warehouse, to the same plays.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { Logger } from "../log.ts";
import type { Warehouse } from "../warehouse/duckdb.ts";
import { importExports } from "../pipeline/imports/import_exports.ts";
import { listZipEntries } from "../pipeline/imports/zip/read.ts";
import { JobRunner } from "../pipeline/jobs/runner.ts";
import { appendListensJob } from "../pipeline/listenbrainz/append.ts";
import { exportListenBrainz } from "../pipeline/listenbrainz/export.ts";
import { landListens } from "../pipeline/listenbrainz/land.ts";
import { validateListen } from "../web/features/listenbrainz/validate.ts";
import { EXPORT_ACCOUNT, EXPORT_EXTENDED, UTC_SETTINGS, withWarehouse } from "./test_warehouse.ts";
import { cli } from "./test_cli.ts";

/** A play as both warehouses must have it: who, what kind, when it started (second), how long, and its names. */
async function plays(warehouse: Warehouse) {
  return await warehouse.rows(
    `select dim_user.user_name as user, fct_play.content_type,
       floor(epoch(fct_play.played_at - to_milliseconds(fct_play.ms_played)))::bigint as started,
       fct_play.ms_played,
       coalesce(dim_artist.artist_name, dim_episode.show_name) as artist,
       coalesce(dim_track.track_name, dim_episode.episode_name) as track,
       dim_album.album_name as album, dim_episode.episode_uri
     from fct_play join dim_user using (user_key)
     left join dim_track using (track_key)
     left join dim_artist on dim_artist.artist_key = fct_play.artist_key
     left join dim_album on dim_album.album_key = fct_play.album_key
     left join dim_episode using (episode_key)
     order by all`,
  );
}

Deno.test("export --format listenbrainz writes every play as listens ListenBrainz accepts, and the import reads them back to the same plays", async () => {
  await withWarehouse(async (source, dir) => {
    await importExports(source, [EXPORT_EXTENDED, EXPORT_ACCOUNT], { user: "me", settings: UTC_SETTINGS });
    await landListens(source, {
      user: "rob",
      source: "submitted",
      tokenId: 1,
      listens: [
        {
          listened_at: 1771414109,
          track_metadata: {
            artist_name: "Röyksopp",
            track_name: "Some Resolve",
            release_name: "Profound Mysteries II",
            additional_info: { media_player: "Jellyfin", duration_ms: 402000 },
          },
        },
        { listened_at: 1771414600, track_metadata: { artist_name: "Low", track_name: "Words" } },
      ],
    });
    await landListens(source, {
      user: "rob",
      source: "manual",
      listens: [{
        listened_at: 1771420000,
        track_metadata: {
          artist_name: "Nick Drake",
          track_name: "Pink Moon",
          additional_info: { duration_ms: 126000 },
        },
      }],
    });
    const runner = new JobRunner({
      session: () => source.session(),
      logger: new Logger({ write: () => {}, format: "json" }),
    });
    assert.equal((await runner.run(appendListensJob(UTC_SETTINGS), "cli")).status, "succeeded");
    const before = await plays(source);
    assert.deepEqual(
      await source.rows("select content_type, count(*)::int as n from fct_play group by all order by all"),
      [{ content_type: "audiobook", n: 2 }, { content_type: "episode", n: 2 }, {
        content_type: "track",
        n: 15,
      }],
    );

    const out = join(dir, "out");
    const written = await exportListenBrainz(source, out);
    const named = before.filter((play) => play.artist !== null && play.track !== null);
    assert.deepEqual(
      written.map(({ user, listens, leftOut }) => ({ user, listens, leftOut })),
      [
        {
          user: "me",
          listens: named.filter((p) => p.user === "me").length,
          leftOut: before.length - named.length,
        },
        { user: "rob", listens: 3, leftOut: 0 },
      ],
    );
    // Each line is a listen ListenBrainz's import checks pass (validate_listen, as import), and nothing more.
    for (const { file, zip, user } of written) {
      const lines = (await Deno.readTextFile(file)).trimEnd().split("\n");
      for (const line of lines) {
        const listen = JSON.parse(line);
        assert.deepEqual(Object.keys(listen), ["listened_at", "track_metadata"]);
        validateListen(listen, "import", new Date());
      }
      // The ZIP ListenBrainz's importer takes: the same file, a .jsonl entry.
      assert.deepEqual((await listZipEntries(zip)).map((entry) => entry.name), [
        `listenbrainz_${user}.jsonl`,
      ]);
    }
    const rob = (await Deno.readTextFile(join(out, "listenbrainz_rob.jsonl"))).trimEnd().split("\n").map((
      l,
    ) => JSON.parse(l));
    assert.deepEqual(rob.find((l) => l.listened_at === 1771414109), {
      listened_at: 1771414109,
      track_metadata: {
        artist_name: "Röyksopp",
        track_name: "Some Resolve",
        release_name: "Profound Mysteries II",
        additional_info: {
          ms_played: 402000,
          media_player: "Jellyfin",
          submission_client: "Music Tracker",
          submission_client_version: "0.5.0",
        },
      },
    });

    await withWarehouse(async (copy) => {
      for (const { user, file } of written) {
        await importExports(copy, [file], { user, settings: UTC_SETTINGS });
      }
      assert.deepEqual(await plays(copy), named);
    });
  });
});

Deno.test("cli: export --format listenbrainz prints what it wrote per listener", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await importExports(warehouse, [EXPORT_EXTENDED], { user: "me", settings: UTC_SETTINGS });
    const path = warehouse.path;
    warehouse.close();
    const result = await cli(["export", "--db", path, "--format", "listenbrainz", join(dir, "lb")]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^me: \d+ listens -> .*listenbrainz_me\.jsonl, .*listenbrainz_me\.zip/);
    const wrong = await cli(["export", "--db", path, "--format", "xml", join(dir, "x")]);
    assert.deepEqual([wrong.code, wrong.stderr.trim().split("\n")[0]], [
      2,
      'error: --format must be parquet, csv or listenbrainz, got "xml"',
    ]);
  }).catch((error) => {
    // withWarehouse closes the warehouse again: closing twice is harmless here.
    if (!/closed/.test(String(error))) throw error;
  });
});
