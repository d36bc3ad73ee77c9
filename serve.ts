/**
 * The server's composition: the configuration, the warehouse switch (demo or real), the job runner and its
 * schedules, the web app, `Deno.serve` and its signals.
 * The only module that imports both `pipeline/` and `web/`.
 */
import { dirname, join } from "node:path";
import { existsSync } from "node:fs";
import { buildSettings, type Config, ConfigError, duckdbOptions, enrichOptions } from "./config.ts";
import { Logger } from "./log.ts";
import { backup } from "./warehouse/backup.ts";
import {
  createShareLink,
  listShareLinks,
  revokeShareLink,
  verifyShareToken,
} from "./warehouse/state/share_links.ts";
import { connectionCount, seedConnection } from "./warehouse/state/spotify_connections.ts";
import { JobRunner } from "./pipeline/jobs/runner.ts";
import { etlJob } from "./pipeline/jobs/etl.ts";
import { createNotifier } from "./pipeline/jobs/notify.ts";
import { startSchedules } from "./pipeline/jobs/schedules.ts";
import { enrichJob } from "./pipeline/enrich/mod.ts";
import { completeConnect, startConnect } from "./pipeline/spotify/connections.ts";
import { ingestJob } from "./pipeline/spotify/ingest.ts";
import { RealtimePoller } from "./pipeline/spotify/realtime.ts";
import { libraryJob } from "./pipeline/spotify/library.ts";
import { parseRedirect } from "./pipeline/spotify/oauth.ts";
import { importExports, type ImportReport } from "./pipeline/imports/import_exports.ts";
import { ListenIntake } from "./pipeline/listenbrainz/intake.ts";
import { WarehouseSwitch } from "./pipeline/demo/warehouse_switch.ts";
import { createApp, type Importer } from "./web/app.tsx";
import { PageCache } from "./web/middleware/page_cache.ts";
import { IdleTimer } from "./lib/idle.ts";
import { Uploads } from "./web/features/import/uploads.ts";
import { hashPassword } from "./lib/passwords.ts";
import { NowPlayingBoard } from "./lib/now_playing.ts";
import { isLoopbackHost } from "./web/request.ts";

/** DuckDB memory_limit of an idle server (pages need ~10 MB of DuckDB memory at 350k plays). */
const IDLE_MEMORY_LIMIT = "64MB";
/** Quiet time after which the server gives back DuckDB's cached blocks (the pages read them again from disk). */
const TRIM_AFTER_MS = 30_000;

/** The admin password's hash: ADMIN_PASSWORD wins over the file `password` wrote. */
function adminPasswordHash(config: Config): string | undefined {
  if (config.adminPassword) return hashPassword(config.adminPassword);
  return existsSync(config.passwordFile) ? Deno.readTextFileSync(config.passwordFile).trim() : undefined;
}

export interface ServeOptions {
  /** Run the ETL, ingest and library schedules (and make up missed runs at start-up). Default true. */
  schedules?: boolean;
}

/**
 * Serves the dashboard on HOST:PORT until SIGINT or SIGTERM, with the job runner and (unless `schedules` is
 * false) the schedules; resolves when the server has shut down and the warehouses are closed.
 */
export async function serve(config: Config, { schedules = true }: ServeOptions = {}): Promise<void> {
  const passwordHash = adminPasswordHash(config);
  if (!passwordHash && !isLoopbackHost(config.host)) {
    throw new ConfigError(
      `HOST=${config.host} lets other machines reach the dashboard: set ADMIN_PASSWORD (10+ characters) ` +
        "or run `deno task cli password` first",
    );
  }
  const logger = new Logger({ level: config.logLevel });
  const settings = buildSettings(config);
  const warehouses = new WarehouseSwitch({
    realPath: config.dbPath,
    demoPath: config.demoDbPath,
    settings,
    openOptions: duckdbOptions(config),
    onProgress: (message) => logger.info(message),
  });
  // Pages need little memory; DuckDB keeps what it used cached up to its limit, so the server idles low and
  // jobs raise the limit while they run.
  await (await warehouses.current()).warehouse.setMemoryLimit(IDLE_MEMORY_LIMIT);
  // Jobs work on the real warehouse only, each run on a connection of its own.
  const session = async () => {
    const current = await warehouses.current();
    return current.isDemo ? undefined : await current.warehouse.session();
  };
  // Pages are cached until a job finishes, a Spotify account connects, or the warehouse shown changes.
  let changes = 0;
  // The local date is part of it: "this week so far" on the overview changes at midnight.
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: config.timezone });
  const dataVersion = () => `${warehouses.generation}.${changes}.${today.format(new Date())}`;
  const pageCache = new PageCache({ version: dataVersion });
  // After a job the most visited pages are rendered again in the background, once no job is running.
  const warmPages = () =>
    Deno.unrefTimer(setTimeout(() => {
      if (runner.busy) return;
      pageCache.warm(app.fetch, { busy: () => runner.busy })
        .then(() => trim.touch())
        .catch((error) => logger.warn("warming pages failed", { error: String(error) }));
    }, 1_000));
  const runner = new JobRunner({
    session,
    logger,
    notify: config.notifyUrl ? createNotifier(config.notifyUrl) : undefined,
    memoryLimits: { working: config.duckdbMemoryLimit, idle: IDLE_MEMORY_LIMIT },
    onFinished: () => {
      changes++;
      warmPages();
    },
  });
  // A quiet server drops DuckDB's cached blocks: lowering the limit evicts them, then it goes back up.
  const trim: IdleTimer = new IdleTimer(TRIM_AFTER_MS, async (): Promise<void> => {
    if (runner.busy) return trim.touch();
    try {
      const { warehouse } = await warehouses.current();
      await warehouse.setMemoryLimit("1MB");
      await warehouse.setMemoryLimit(IDLE_MEMORY_LIMIT);
    } catch (error) {
      logger.warn("giving memory back failed", { error: String(error) });
    }
  });
  const scheduled = [{
    job: etlJob(settings, {
      ...enrichOptions(config, config.enrichMaxMinutes),
      onMartsRefreshed: () => changes++,
    }),
    schedule: config.etlCron,
  }];
  const spotify = config.spotify;
  if (spotify) {
    scheduled.push({ job: ingestJob(spotify, settings), schedule: config.ingestCron });
    scheduled.push({ job: libraryJob(spotify), schedule: config.libraryCron });
    if (spotify.seedRefreshToken) {
      // The environment's token seeds the first connection; the real warehouse is the user's from then on.
      const real = await warehouses.real();
      if (await seedConnection(real, config.defaultUser, spotify.seedRefreshToken)) {
        logger.info("connected Spotify from SPOTIFY_REFRESH_TOKEN", { user: config.defaultUser });
      }
    }
  }
  // Listens from other players and typed in: landed at once, added to the marts by the `listens` job.
  const ownWarehouse = async () => {
    const current = await warehouses.current();
    return current.isDemo ? undefined : current.warehouse;
  };
  const listens = new ListenIntake({
    real: () => warehouses.real(),
    current: ownWarehouse,
    runner,
    settings,
    logger,
  });
  // Listens landed before the last stop but not yet in the marts (a kill between the two steps).
  if (await ownWarehouse()) listens.requestAppend();
  const nowPlaying = new NowPlayingBoard();
  const realtime = spotify && config.realtimePollSeconds
    ? new RealtimePoller({
      config: spotify,
      settings,
      board: nowPlaying,
      runner,
      current: ownWarehouse,
      logger,
      pollSeconds: config.realtimePollSeconds,
    })
    : undefined;
  realtime?.start();
  const app = createApp({
    warehouse: () => warehouses.current(),
    timezone: config.timezone,
    minPlayMs: config.minPlayMs,
    schedules: schedules ? scheduled.map(({ job, schedule }) => ({ job: job.name, schedule })) : [],
    sessionGapMinutes: config.sessionGapMinutes,
    // The Jobs page's button: an enrichment run of ENRICH_MAX_MINUTES, beside the schedules, on the job queue.
    startEnrichment: () => {
      const job = enrichJob({
        ...enrichOptions(config, config.enrichMaxMinutes),
        onMartsRefreshed: () => changes++,
      });
      if (runner.isRunning(job.name)) return false;
      runner.run(job, "web").catch((error) => logger.error("enrichment failed", { error: String(error) }));
      return true;
    },
    enrichment: {
      spotify: Boolean(config.spotify),
      musicbrainz: Boolean(config.musicbrainz.contact),
      maxMinutes: config.enrichMaxMinutes,
    },
    backup: async () => {
      const current = await warehouses.current();
      const file = join(
        config.backupDir,
        `music_tracker-${new Date().toISOString().replace(/[:.]/g, "-")}.duckdb`,
      );
      await backup(current.warehouse, file);
      return file;
    },
    logger,
    listens,
    nowPlaying,
    realtime: realtime && (async () => ({
      pollSeconds: config.realtimePollSeconds!,
      accounts: await connectionCount((await warehouses.current()).warehouse),
    })),
    auth: passwordHash ? { passwordHash } : undefined,
    importer: browserImporter(config, { warehouses, runner, settings, logger }),
    dataVersion,
    pageCache,
    shares: {
      create: async (page, days) => createShareLink((await warehouses.current()).warehouse, page, { days }),
      list: async () => listShareLinks((await warehouses.current()).warehouse),
      revoke: async (id) => revokeShareLink((await warehouses.current()).warehouse, id),
      verify: async (token) => verifyShareToken((await warehouses.current()).warehouse, token),
    },
    spotify: spotify
      ? {
        // Connecting makes the real warehouse the one shown, even before its first play arrives.
        start: async (user) => startConnect(await warehouses.real(), spotify, user),
        complete: async (url) => {
          const user = await completeConnect(await warehouses.real(), spotify, parseRedirect(url));
          changes++;
          // A new consent may open the library: read it now instead of at the next LIBRARY_CRON.
          runner.run(libraryJob(spotify), "web").catch((error) =>
            logger.error("the library snapshot after connecting failed", { error: String(error) })
          );
          return user;
        },
      }
      : undefined,
  });
  const server = Deno.serve({
    hostname: config.host,
    port: config.port,
    onListen: ({ hostname, port }) =>
      logger.info(`Music Tracker is listening on http://${hostname}:${port}/`),
  }, (request, info) => {
    trim.touch();
    return app.fetch(request, info);
  });
  trim.touch();
  if (schedules) {
    const catchUp = await startSchedules(scheduled, { runner, session, logger });
    Promise.all(catchUp).catch((error) => logger.error("a start-up run failed", { error: String(error) }));
  }
  const stop = () => server.shutdown();
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  await server.finished;
  realtime?.stop();
  await realtime?.settled();
  await listens.settled();
  listens.close();
  trim.stop();
  warehouses.close();
}

/**
 * What the Import page's uploads (web/features/import/uploads.ts) need from the pipeline: a dry run on the
 * user's own warehouse, and the import run by the job runner (so it never overlaps a scheduled job), exactly
 * like the CLI's.
 */
function browserImporter(
  config: Config,
  { warehouses, runner, settings, logger }: {
    warehouses: WarehouseSwitch;
    runner: JobRunner;
    settings: ReturnType<typeof buildSettings>;
    logger: Logger;
  },
): Importer {
  const options = { user: config.defaultUser, settings };
  return new Uploads({
    // The preview runs on the user's own warehouse, but only the import makes it the one shown.
    preview: (path) =>
      warehouses.withReal(async (real) => {
        const session = await real.session();
        try {
          return await importExports(session, [path], { ...options, dryRun: true });
        } finally {
          session.close();
        }
      }),
    starting: async () => void await warehouses.real(),
    async run(path, onProgress) {
      let report: ImportReport | undefined;
      const result = await runner.run({
        name: "import",
        async run({ warehouse }) {
          report = await importExports(warehouse, [path], { ...options, onProgress });
          return { rowsRead: report.totals.rowsRead, newPlays: report.totals.newPlays };
        },
      }, "web");
      return result.status === "succeeded" && report
        ? { status: "succeeded", report }
        : { status: result.status === "skipped" ? "skipped" : "failed", error: result.error };
    },
    // A failed first import leaves the real warehouse empty: show the demo again, not an empty dashboard.
    failed: async () => {
      if (!runner.busy) await warehouses.showDemoIfEmpty();
    },
  }, {
    root: join(dirname(config.dbPath), "uploads"),
    maxUploadBytes: config.maxUploadMb * 1024 * 1024,
    logger,
  });
}
