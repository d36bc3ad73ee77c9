import assert from "node:assert/strict";
import { join } from "node:path";
import { buildSettings, type Config, loadConfig } from "../../config.ts";
import { BusyError, UserError } from "../../lib/errors.ts";
import { Logger } from "../../log.ts";
import { martsAreCurrent } from "../../warehouse/build.ts";
import { openWarehouse } from "../../warehouse/migrate.ts";
import type { Resources } from "../../warehouse/duckdb.ts";
import { jobRuns } from "../../warehouse/state/job_runs.ts";
import { storedSettings } from "../../warehouse/state/settings.ts";
import { EXPORT_EXTENDED, heldInMemory, UTC_SETTINGS } from "../../tests/test_warehouse.ts";
import { importExports } from "../imports/import_exports.ts";
import { WarehouseSwitch } from "../demo/warehouse_switch.ts";
import { JobRunner } from "../jobs/runner.ts";
import { LiveSettings } from "./live.ts";

const quiet = new Logger({ level: "error", write: () => {} });

async function withLive(
  fn: (
    live: LiveSettings,
    context: { warehouses: WarehouseSwitch; runner: JobRunner; changes: Config[]; realPath: string },
  ) => Promise<void>,
  { env = {}, imported = false, resources }: {
    env?: Record<string, string>;
    imported?: boolean;
    resources?: { working: Resources; idle: Resources };
  } = {},
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-live-" });
  const realPath = join(dir, "music.duckdb");
  if (imported) {
    const real = await openWarehouse(realPath, UTC_SETTINGS);
    await importExports(real, [EXPORT_EXTENDED], { user: "me", settings: UTC_SETTINGS });
    real.close();
  }
  const config = loadConfig({ DUCKDB_PATH: realPath, ...env });
  const warehouses = new WarehouseSwitch({
    realPath,
    demoPath: join(dir, "demo.duckdb"),
    settings: buildSettings(config),
    demoPlays: 300,
    recheckMs: 0,
  });
  const session = async () => {
    const current = await warehouses.current();
    return current.isDemo ? undefined : await current.warehouse.session();
  };
  const runner = new JobRunner({ session, logger: quiet });
  const changes: Config[] = [];
  const live = new LiveSettings({
    config,
    warehouses,
    runner,
    logger: quiet,
    resources,
    onChange: (next) => void changes.push(next),
  });
  try {
    await fn(live, { warehouses, runner, changes, realPath });
  } finally {
    warehouses.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("LiveSettings keeps a change in the user's warehouse while the demo shows, and rebuilds the demo for it", async () => {
  await withLive(async (live, { warehouses, changes, realPath }) => {
    assert.equal((await warehouses.current()).isDemo, true);
    const result = await live.change("TIMEZONE", "Europe/Berlin");
    assert.equal(result.setting.value, "Europe/Berlin");
    assert.equal(result.setting.source, "stored");
    assert.equal(live.config.timezone, "Europe/Berlin");
    assert.equal(changes.at(-1)?.timezone, "Europe/Berlin");
    const current = await warehouses.current();
    assert.equal(current.isDemo, true, "the demo stays shown");
    assert.ok(
      await martsAreCurrent(current.warehouse, {
        timezone: "Europe/Berlin",
        minPlayMs: 30_000,
        sessionGapMinutes: 30,
      }),
    );
    const stored = await warehouses.withReal((real) => storedSettings(real));
    assert.deepEqual(stored, { TIMEZONE: "Europe/Berlin" });
    await Deno.stat(realPath);

    await live.change("TIMEZONE", undefined);
    assert.equal(live.config.timezone, "UTC");
    assert.equal(live.list().find((view) => view.key === "TIMEZONE")?.source, "default");
  });
});

Deno.test("LiveSettings: the demo's rebuild leaves nothing in DuckDB's memory that its idle limit cannot evict", async () => {
  await withLive(async (live, { warehouses }) => {
    const { warehouse } = await warehouses.current();
    await live.change("TIMEZONE", "Europe/Berlin");
    // Temp tables and committed but not checkpointed writes are held in memory whatever the limit; pages would
    // be left the rest of the idle limit (the demo's 20,000-play rebuild held 46 MB of 64).
    assert.equal(await heldInMemory(warehouse), 0);
    assert.equal(await warehouse.value<string>("select current_setting('memory_limit')"), "61.0 MiB");
    assert.equal(await warehouse.value<number>("select current_setting('threads')"), 1);
    await warehouse.setMemoryLimit("1MB"); // every cached block can go
  }, {
    resources: { working: { memoryLimit: "160MB", threads: 2 }, idle: { memoryLimit: "64MB", threads: 1 } },
  });
});

Deno.test("LiveSettings rebuilds the user's marts as a job before it answers, and refuses while another job runs", async () => {
  await withLive(async (live, { warehouses, runner }) => {
    const current = await warehouses.current();
    assert.equal(current.isDemo, false);
    const result = await live.change("MIN_PLAY_MS", "10000");
    assert.equal(result.rebuilt, true);
    assert.ok(
      await martsAreCurrent(current.warehouse, { timezone: "UTC", minPlayMs: 10_000, sessionGapMinutes: 30 }),
    );
    const runs = await jobRuns(current.warehouse, { limit: 5 });
    assert.deepEqual(runs.map((run) => [run.job, run.status]), [["build", "succeeded"]]);

    // A setting that rebuilds nothing needs no job.
    const contact = await live.change("MUSICBRAINZ_CONTACT", "ana@example.org");
    assert.equal(contact.rebuilt, false);
    assert.equal(live.config.musicbrainz.contact, "ana@example.org");

    let release = () => {};
    const started = Promise.withResolvers<void>();
    const busy = runner.run({
      name: "etl",
      run: () =>
        new Promise((resolve) => {
          release = () => resolve({});
          started.resolve();
        }),
    }, "schedule");
    await started.promise;
    await assert.rejects(() => live.change("TIMEZONE", "Asia/Tokyo"), BusyError);
    release();
    await busy;
    assert.equal(live.config.timezone, "UTC");
  }, { imported: true });
});

Deno.test("LiveSettings refuses a bad value or key before anything runs, and says when the environment wins", async () => {
  await withLive(async (live, { warehouses, changes }) => {
    const current = await warehouses.current();
    for (
      const [key, value, message] of [
        ["TIMEZONE", "Mars/Olympus_Mons", /IANA time zone/],
        ["MIN_PLAY_MS", "-1", /whole number from 0/],
        ["SPOTIFY_CLIENT_ID", "not-a-client-id", /32 characters 0-9 and a-f/],
        ["ADMIN_PASSWORD", "short", /at least 10 characters/],
        ["INGEST_CRON", "every minute", /INGEST_CRON is not valid/],
        ["DUCKDB_PATH", "/tmp/elsewhere.duckdb", /environment only/],
        ["NO_SUCH_SETTING", "1", /There is no setting/],
      ] as const
    ) {
      await assert.rejects(() => live.change(key, value), (error: Error) => {
        assert.ok(error instanceof UserError, `${key}: ${error}`);
        assert.match(error.message, message);
        return true;
      });
    }
    assert.deepEqual(changes, []);
    assert.deepEqual(await jobRuns(current.warehouse, { limit: 5 }), []);
    assert.deepEqual(await storedSettings(current.warehouse), {});

    const overridden = await live.change("TIMEZONE", "Europe/Berlin");
    assert.equal(overridden.overridden, true);
    assert.equal(overridden.rebuilt, false);
    assert.equal(live.config.timezone, "Asia/Tokyo");
    assert.equal(overridden.setting.source, "environment");
  }, { imported: true, env: { TIMEZONE: "Asia/Tokyo" } });
});
