/**
 * Ingest: Spotify's recently-played answers 50 new plays (the fake Spotify on loopback, so the time is our own
 * work) to a copy of the 350k warehouse; the ingest job's time from asking to the marts and their sums updated,
 * as the scheduler runs it.
 */
import { join } from "node:path";
import { Logger } from "../log.ts";
import { openWarehouse } from "../warehouse/migrate.ts";
import { seedConnection } from "../warehouse/state/spotify_connections.ts";
import { ingestJob } from "../pipeline/spotify/ingest.ts";
import { JobRunner } from "../pipeline/jobs/runner.ts";
import { FakeSpotify } from "../tests/fakes/spotify.ts";
import { OUT_DIR } from "./bench_input.ts";
import type { Report } from "./figures.ts";

const SETTINGS = { timezone: "UTC", minPlayMs: 30_000, sessionGapMinutes: 30 };

export async function ingestSection(report: Report, db: string): Promise<void> {
  report.say("\nIngest: 50 new plays from recently-played into the 350k warehouse");
  const dir = await Deno.makeTempDir({ dir: OUT_DIR, prefix: "ingest-" });
  const copy = join(dir, "bench.duckdb");
  await Deno.copyFile(db, copy);
  const warehouse = await openWarehouse(copy, SETTINGS);
  const spotify = new FakeSpotify();
  try {
    const latest = await warehouse.value<number>("select epoch_ms(max(played_at)) from fct_play");
    const before = await warehouse.value<number>("select count(*) from fct_play");
    // 50 tracks, one every 4 minutes after the newest play: new days, hours, items and runs to bring up to date.
    for (let i = 0; i < 50; i++) {
      const id = `benchtrack${String(i).padStart(12, "0")}`;
      spotify.addTrack({
        id,
        name: `Track ${i}`,
        artist: `Artist ${i % 7}`,
        album: `Album ${i % 5}`,
        durationMs: 200_000,
      });
      spotify.play("me", id, latest + 3_600_000 + i * 240_000);
    }
    spotify.now = () => latest + 3_600_000 + 50 * 240_000;
    await seedConnection(warehouse, "me", spotify.issueRefreshToken("me"));
    const runner = new JobRunner({
      session: () => warehouse.session(),
      logger: new Logger({ write: () => {}, format: "json" }),
      retries: 0,
      notify: () => Promise.resolve(),
    });
    const started = performance.now();
    const result = await runner.run(ingestJob(spotify.config(), SETTINGS), "cli");
    const took = Math.round(performance.now() - started);
    const added = (await warehouse.value<number>("select count(*) from fct_play")) - before;
    if (result.counts?.newPlays !== 50 || added !== 50) {
      throw new Error(`Expected 50 new plays, got ${result.counts?.newPlays} (${added} in fct_play)`);
    }
    report.add({
      section: "ingest",
      name: "50 new plays to updated marts",
      value: took,
      unit: "ms",
      max: 1000,
    });
  } finally {
    await spotify.close();
    warehouse.close();
    await Deno.remove(dir, { recursive: true });
  }
}
