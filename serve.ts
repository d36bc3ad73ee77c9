/**
 * The server's composition: the configuration (and its changes while serving), the warehouse switch (demo or
 * real), the job runner and its schedules, the stall watch, received listens and now playing, the page cache
 * and memory trim, the web app, `Deno.serve` and its signals. The only module that imports both `pipeline/`
 * and `web/`.
 */
import { dirname, join } from "node:path";
import {
  buildSettings,
  type Config,
  duckdbOptions,
  enrichOptions,
  liveBuildSettings,
  sha256,
} from "./config.ts";
import { Logger } from "./log.ts";
import { createApiToken, removeApiToken } from "./lib/api_token.ts";
import { NowPlayingBoard } from "./lib/now_playing.ts";
import { sameSecret } from "./lib/passwords.ts";
import { backup } from "./warehouse/backup.ts";
import {
  createShareLink,
  listShareLinks,
  revokeShareLink,
  verifyShareToken,
} from "./warehouse/state/share_links.ts";
import { connectionCount, seedConnection } from "./warehouse/state/spotify_connections.ts";
import { changedNothing, JobRunner } from "./pipeline/jobs/runner.ts";
import { etlJob } from "./pipeline/jobs/etl.ts";
import { createNotifier, type Notice } from "./pipeline/jobs/notify.ts";
import { registerSchedules, type ScheduledJob, startSchedules } from "./pipeline/jobs/schedules.ts";
import { IngestWatch } from "./pipeline/jobs/stall.ts";
import { enrichJob } from "./pipeline/enrich/mod.ts";
import { checkSpotify } from "./pipeline/spotify/check.ts";
import { completeConnect, startConnect } from "./pipeline/spotify/connections.ts";
import { ingestJob } from "./pipeline/spotify/ingest.ts";
import { RealtimePoller } from "./pipeline/spotify/realtime.ts";
import { libraryJob } from "./pipeline/spotify/library.ts";
import { parseRedirect } from "./pipeline/spotify/oauth.ts";
import { uploadedImports } from "./pipeline/imports/uploaded.ts";
import { ListenIntake } from "./pipeline/listenbrainz/intake.ts";
import { WarehouseSwitch } from "./pipeline/demo/warehouse_switch.ts";
import { FirstRun } from "./pipeline/settings/first_run.ts";
import { LiveSettings } from "./pipeline/settings/live.ts";
import { LiveRules } from "./pipeline/rules/live.ts";
import { createApp } from "./web/app.tsx";
import { PageCache } from "./web/middleware/page_cache.ts";
import { memoryTrim, SERVER_IDLE } from "./warehouse/memory_trim.ts";
import { Uploads } from "./web/features/import/uploads.ts";
import { SetupLink } from "./web/features/setup/setup_link.ts";
import { isLoopbackHost } from "./web/request.ts";

export interface ServeOptions {
  /** Run the ETL, ingest and library schedules (and make up missed runs at start-up). Default true. */
  schedules?: boolean;
  /** Where the log goes (tests read it). Default: standard output. */
  logger?: Logger;
}

/** The server without its socket: what `serve` listens with, and what tests call in-process. */
export interface Server {
  fetch: (request: Request, info: Deno.ServeHandlerInfo<Deno.NetAddr>) => Response | Promise<Response>;
  /** The one-time setup link, while served beyond 127.0.0.1 without an admin password. */
  setupLink: SetupLink | undefined;
  /** The settings in use, and changing them. */
  settings: LiveSettings;
  /** Registers the schedules (unless turned off), makes up missed runs and starts the stall watch. */
  start(): Promise<void>;
  /** Stops the schedules, timers and pollers, lets received listens land, and closes the warehouses. */
  close(): Promise<void>;
}

/**
 * Serves the dashboard on HOST:PORT until SIGINT or SIGTERM, with the job runner and (unless `schedules` is
 * false) the schedules; resolves when the server has shut down and the warehouses are closed.
 */
export async function serve(initial: Config, options: ServeOptions = {}): Promise<void> {
  const logger = options.logger ?? new Logger({ level: initial.logLevel });
  const server = await createServer(initial, { ...options, logger });
  const listener = Deno.serve({
    hostname: initial.host,
    port: initial.port,
    onListen: ({ hostname, port }) => {
      logger.info(`Music Tracker is listening on http://${hostname}:${port}/`);
      if (server.setupLink) {
        logger.warn(
          `No admin password yet, and this server can be reached from other machines: open ` +
            `http://${Deno.hostname()}:${port}${server.setupLink.path} (or this machine's address with that ` +
            "path) to set one. The link works once; until a password exists nothing else is served.",
        );
      }
    },
  }, server.fetch);
  await server.start();
  const stop = () => listener.shutdown();
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  await listener.finished;
  await server.close();
}

/** Everything `serve` runs, ready to answer requests; `start()` begins the scheduled work. */
export async function createServer(
  initial: Config,
  { schedules = true, logger = new Logger({ level: initial.logLevel }) }: ServeOptions = {},
): Promise<Server> {
  const warehouses = new WarehouseSwitch({
    realPath: initial.dbPath,
    demoPath: initial.demoDbPath,
    settings: buildSettings(initial),
    openOptions: { ...duckdbOptions(initial), readConnections: initial.duckdbThreads }, // a page's queries side by side
    // Pages need little memory; DuckDB keeps what it used cached up to its limit, so the server idles low and
    // jobs raise the limit (and the threads) while they run.
    shownResources: SERVER_IDLE,
    onProgress: (message) => logger.info(message),
  });
  await warehouses.current(); // opened (the demo made, if shown) before the server answers
  // What jobs and the rest of the server's work get, and what the pages get between them.
  const resources = { working: duckdbOptions(initial), idle: SERVER_IDLE };
  // Jobs work on the real warehouse only, each run on a connection of its own.
  const session = async () => {
    const current = await warehouses.current();
    return current.isDemo ? undefined : await current.warehouse.session();
  };
  // Pages are cached until a job finishes, a Spotify account connects, a setting changes, or the warehouse shown
  // changes. The local date is part of it: "this week so far" on the overview changes at midnight.
  let changes = 0;
  let today = new Intl.DateTimeFormat("en-CA", { timeZone: initial.timezone });
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
  // The notifier follows NOTIFY_URL as it changes.
  const notify = (notice: Notice) =>
    settings.config.notifyUrl ? createNotifier(settings.config.notifyUrl)(notice) : Promise.resolve();
  const runner = new JobRunner({
    session,
    logger,
    notify,
    resources,
    onFinished: (_job, result) => {
      if (changedNothing(result)) return;
      changes++;
      warmPages();
    },
  });
  // A quiet server gives DuckDB's cached blocks back.
  const trim = memoryTrim(() => warehouses.current(), {
    busy: () => runner.busy,
    logger,
  });

  /** The jobs on their schedules, as the configuration in use says. */
  const scheduled = (config: Config): ScheduledJob[] => {
    const jobs = [{
      job: etlJob(buildSettings(config), {
        ...enrichOptions(config, config.enrichMaxMinutes),
        onMartsRefreshed: () => changes++,
      }),
      schedule: config.etlCron,
    }];
    if (config.spotify) {
      jobs.push({ job: ingestJob(config.spotify, buildSettings(config)), schedule: config.ingestCron });
      jobs.push({ job: libraryJob(config.spotify), schedule: config.libraryCron });
    }
    return jobs;
  };
  let registration = new AbortController();
  const seed = async (config: Config) => {
    // The environment's token seeds the first connection; the real warehouse is the user's from then on.
    if (!config.spotify?.seedRefreshToken) return;
    if (await seedConnection(await warehouses.real(), config.defaultUser, config.spotify.seedRefreshToken)) {
      logger.info("connected Spotify from SPOTIFY_REFRESH_TOKEN", { user: config.defaultUser });
    }
  };
  const settings: LiveSettings = new LiveSettings({
    config: initial,
    warehouses,
    runner,
    logger,
    resources,
    onChange: async (next) => {
      // What pages show may have changed (the time zone, the plays counted, the setup's offer): a new version.
      today = new Intl.DateTimeFormat("en-CA", { timeZone: next.timezone });
      changes++;
      if (schedules) {
        // The jobs hold the settings they run with (schedule, Spotify app, time zone, enrichment budget): every
        // job is registered again with the new ones, each earlier registration cancelled first.
        registration.abort();
        registration = new AbortController();
        registerSchedules(scheduled(next), { runner, logger, signal: registration.signal });
      }
      await seed(next);
      realtime?.stop();
      realtime = poller(next);
      realtime?.start();
    },
  });
  await seed(initial);
  // What the marts are built with as the settings are now (the listens and now-playing paths append with it).
  const built = liveBuildSettings(() => settings.config);
  // Listens from other players and typed in: landed at once, added to the marts by the `listens` job.
  const ownWarehouse = async () => {
    const current = await warehouses.current();
    return current.isDemo ? undefined : current.warehouse;
  };
  const listens = new ListenIntake({
    real: () => warehouses.real(),
    current: ownWarehouse,
    runner,
    settings: built,
    logger,
  });
  if (await ownWarehouse()) listens.requestAppend(); // landed before the last stop, not yet in the marts
  const nowPlaying = new NowPlayingBoard();
  /** Spotify's currently-playing, while REALTIME_POLL_SECONDS and a Spotify app are set (made anew on a change). */
  const poller = (config: Config) =>
    config.spotify && config.realtimePollSeconds
      ? new RealtimePoller({
        config: config.spotify,
        settings: built,
        board: nowPlaying,
        runner,
        current: ownWarehouse,
        logger,
        pollSeconds: config.realtimePollSeconds,
      })
      : undefined;
  let realtime = poller(initial);
  realtime?.start();

  // Reachable from other machines without an admin password: only the setup's password step, to this link.
  const exposed = !isLoopbackHost(initial.host);
  const setupLink = exposed && !settings.adminPasswordHash() ? new SetupLink() : undefined;
  const firstRun = await FirstRun.load(warehouses, settings, { onFinish: () => changes++ });
  const apiToken = await createApiToken(initial.apiTokenFile);
  const watch = new IngestWatch({
    session,
    schedule: () => settings.config.spotify ? settings.config.ingestCron : undefined,
    notify,
    logger,
  });

  const app = createApp({
    warehouse: () => warehouses.current(),
    get timezone() {
      return settings.config.timezone;
    },
    get minPlayMs() {
      return settings.config.minPlayMs;
    },
    get schedules() {
      return schedules
        ? scheduled(settings.config).map(({ job, schedule }) => ({ job: job.name, schedule }))
        : [];
    },
    get sessionGapMinutes() {
      return settings.config.sessionGapMinutes;
    },
    // The Jobs page's button: an enrichment run of ENRICH_MAX_MINUTES, beside the schedules, on the job queue.
    startEnrichment: () => {
      const config = settings.config;
      const job = enrichJob({
        ...enrichOptions(config, config.enrichMaxMinutes),
        onMartsRefreshed: () => changes++,
      });
      if (runner.isRunning(job.name)) return false;
      runner.run(job, "web").catch((error) => logger.error("enrichment failed", { error: String(error) }));
      return true;
    },
    get enrichment() {
      const config = settings.config;
      return {
        spotify: Boolean(config.spotify),
        musicbrainz: Boolean(config.musicbrainz.contact),
        maxMinutes: config.enrichMaxMinutes,
      };
    },
    backup: async () => {
      const current = await warehouses.current();
      const name = `music_tracker-${new Date().toISOString().replace(/[:.]/g, "-")}.duckdb`;
      const file = join(settings.config.backupDir, name);
      await backup(current.warehouse, file);
      return file;
    },
    logger,
    get auth() {
      const hash = settings.adminPasswordHash();
      return hash ? { passwordHash: hash } : undefined;
    },
    exposed,
    setupLink,
    settings: { list: () => settings.list(), change: (key, value) => settings.change(key, value), apiToken },
    rules: new LiveRules({ warehouses, runner, settings: built }),
    firstRun,
    listens,
    nowPlaying,
    get realtime() {
      const pollSeconds = settings.config.realtimePollSeconds;
      if (!realtime || !pollSeconds) return undefined;
      return async () => ({
        pollSeconds,
        accounts: await connectionCount((await warehouses.current()).warehouse),
      });
    },
    // The Import page's uploads, with the user and settings in use when each import runs.
    importer: new Uploads(
      uploadedImports(() => ({ user: settings.config.defaultUser, settings: built }), { warehouses, runner }),
      {
        root: join(dirname(initial.dbPath), "uploads"),
        maxUploadBytes: () => settings.config.maxUploadMb * 1024 * 1024,
        logger,
      },
    ),
    dataVersion,
    jobsVersion: () => runner.version,
    pageCache,
    shares: {
      create: async (page, days) => createShareLink((await warehouses.current()).warehouse, page, { days }),
      list: async () => listShareLinks((await warehouses.current()).warehouse),
      revoke: async (id) => revokeShareLink((await warehouses.current()).warehouse, id),
      verify: async (token) => verifyShareToken((await warehouses.current()).warehouse, token),
    },
    get spotify() {
      const spotify = settings.config.spotify;
      if (!spotify) return undefined;
      return {
        // Connecting makes the real warehouse the one shown, even before its first play arrives.
        start: async (user: string) => startConnect(await warehouses.real(), spotify, user),
        complete: async (url: string) => {
          const user = await completeConnect(await warehouses.real(), spotify, parseRedirect(url));
          changes++;
          // A new consent may open the library: read it now instead of at the next LIBRARY_CRON.
          runner.run(libraryJob(spotify), "web").catch((error) =>
            logger.error("the library snapshot after connecting failed", { error: String(error) })
          );
          return user;
        },
      };
    },
    checkSpotify: async () => {
      const spotify = settings.config.spotify;
      if (!spotify) return [];
      const current = await warehouses.current();
      return await checkSpotify(spotify, { warehouse: current.isDemo ? undefined : current.warehouse });
    },
    metrics: {
      tokenMatches: (token) => {
        const expected = settings.config.metricsTokenSha256;
        return expected !== undefined && sameSecret(sha256(token), expected);
      },
      jobsQueued: () => runner.queued,
      warehousePath: () => settings.config.dbPath,
      ingestStalled: () => Promise.resolve(watch.stalled),
    },
  });

  return {
    fetch: (request, info) => {
      if (new URL(request.url).pathname !== "/healthz") trim.touch(); // Docker's check (every 30 s) is not work
      return app.fetch(request, info);
    },
    setupLink,
    settings,
    async start() {
      trim.touch(1_000); // give back at once the blocks that opening the warehouse read (13 MB at 350k plays)
      if (!schedules) return;
      const catchUp = await startSchedules(scheduled(settings.config), {
        runner,
        session,
        logger,
        signal: registration.signal,
      });
      Promise.all(catchUp).catch((error) => logger.error("a start-up run failed", { error: String(error) }));
      watch.start();
    },
    async close() {
      realtime?.stop();
      await realtime?.settled();
      await listens.settled();
      listens.close();
      watch.stop();
      trim.stop();
      registration.abort();
      removeApiToken(initial.apiTokenFile, apiToken);
      warehouses.close();
    },
  };
}
