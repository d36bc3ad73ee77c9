/**
 * `deno task bench` (second part): what enrichment costs at 350,000 plays.
 *
 * 1. The full mart build with and without cached answers, and the per-batch refresh of the enrichment marts
 *    (run after every 50 answers of an enrichment run), with an answer cached for every track, album and artist
 *    of the warehouse (the demo's invented answers, sql/demo/enrichment_answers.sql).
 * 2. The queue queries that pick the next items (run every 25 Spotify items and every 10 artists).
 * 3. The Genres, Geography and Jobs pages rendered without the page cache, on that fully enriched warehouse.
 * 4. The Spotify lookup rate of a real enrich run against the fake Spotify on loopback (all answers "unknown",
 *    so this measures our own overhead per item: queue, request, landing, batch refreshes).
 *
 * Options: --plays N (default 350000), --seconds N (the Spotify run, default 20).
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { Logger } from "../log.ts";
import { openWarehouse } from "../warehouse/migrate.ts";
import { buildMarts, refreshEnrichment } from "../warehouse/build.ts";
import { readSql } from "../warehouse/sql_files.ts";
import { importExports } from "../pipeline/imports/import_exports.ts";
import { enrich } from "../pipeline/enrich/mod.ts";
import { seedConnection } from "../warehouse/state/spotify_connections.ts";
import { FakeSpotify } from "../tests/fakes/spotify.ts";
import { createApp } from "../web/app.tsx";
import { benchZip, OUT_DIR } from "./bench_input.ts";
import { machineLine, median, uncachedPage } from "./timing.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { plays: { type: "string", default: "350000" }, seconds: { type: "string", default: "20" } },
});
const plays = Number(values.plays);
const zipPath = await benchZip(plays);
console.log(`\nEnrichment at ${plays.toLocaleString("en-US")} plays`);
console.log(machineLine());

const settings = { timezone: "UTC", minPlayMs: 30_000, sessionGapMinutes: 30 };
const dir = await Deno.makeTempDir({ dir: OUT_DIR, prefix: "enrich-" });
const warehouse = await openWarehouse(join(dir, "bench.duckdb"), settings);
try {
  await importExports(warehouse, [zipPath], { user: "me", settings });
  const counts = await warehouse.rows(
    `select (select count(*) from dim_track where track_uri like 'spotify:track:%') as tracks,
            (select count(*) from dim_album) as albums, (select count(*) from dim_artist) as artists`,
  );
  console.log(`catalogue: ${JSON.stringify(counts[0])}`);

  const bare = await median(3, () => warehouse.transaction(() => buildMarts(warehouse, settings)));
  console.log(`full build, nothing enriched: ${bare} ms (median of 3)`);

  await warehouse.transaction(async () => {
    await warehouse.run(await readSql("demo/enrichment_answers.sql"));
  });
  const answers = await warehouse.rows(
    `select (select count(*) from raw_spotify_item) as spotify, (select count(*) from raw_musicbrainz) as musicbrainz`,
  );
  console.log(`cached answers synthesised: ${JSON.stringify(answers[0])}`);
  const full = await median(3, () => warehouse.transaction(() => buildMarts(warehouse, settings)));
  console.log(`full build, everything enriched: ${full} ms (median of 3)`);
  const refresh = await median(5, () => warehouse.transaction(() => refreshEnrichment(warehouse)));
  console.log(`enrichment refresh after a batch (models + data tests): ${refresh} ms (median of 5)`);
  const coverage = await warehouse.rows(await readSql("reports/enrichment_coverage.sql"));
  console.log(`coverage: ${JSON.stringify(coverage[0])}`);

  // The pages that read the enrichment marts, rendered without the page cache (a first load after a change).
  const app = createApp({ warehouse: () => Promise.resolve({ warehouse, isDemo: false }), timezone: "UTC" });
  for (const path of ["/genres", "/genres?period=2024", "/geography", "/geography?period=2024", "/jobs"]) {
    console.log(`  ${path.padEnd(24)} ${await uncachedPage(app, path)}`);
  }

  // The queues with nothing left to do scan everything; with nothing enriched they sort everything.
  await warehouse.run("delete from raw_spotify_item; delete from enrich_artist_match");
  await warehouse.transaction(() => refreshEnrichment(warehouse));
  const since = new Date(0).toISOString();
  const spotifyQueue = await readSql("queues/spotify_items.sql");
  const musicbrainzQueue = await readSql("queues/musicbrainz_artists.sql");
  const spotifyMs = await median(5, () => warehouse.rows(spotifyQueue, [25, since]));
  const musicbrainzMs = await median(5, () => warehouse.rows(musicbrainzQueue, [10, since, true]));
  console.log(
    `queue queries, nothing enriched yet: Spotify ${spotifyMs} ms, MusicBrainz ${musicbrainzMs} ms (median of 5)`,
  );

  const spotify = new FakeSpotify();
  try {
    await seedConnection(warehouse, "me", spotify.issueRefreshToken("me"));
    const seconds = Number(values.seconds);
    const started = performance.now();
    const result = await enrich(warehouse, new Logger({ write: () => {}, format: "json" }), {
      spotify: spotify.config(),
      musicbrainz: { baseUrl: "http://127.0.0.1:9", contact: undefined },
      maxMs: seconds * 1000,
    });
    const elapsed = (performance.now() - started) / 1000;
    console.log(
      `Spotify lookups against the fake: ${result.spotify.answers} in ${elapsed.toFixed(1)} s = ` +
        `${(result.spotify.answers / elapsed).toFixed(0)} items/s (Spotify's own limit is far lower)`,
    );
  } finally {
    await spotify.close();
  }
} finally {
  warehouse.close();
  await Deno.remove(dir, { recursive: true });
}
