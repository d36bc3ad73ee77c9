/**
 * Music Tracker's command line: parses the subcommand, loads the configuration once, and runs the command;
 * `serve` is composed in serve.ts.
 */
import { parseArgs } from "node:util";
import { existsSync, statfsSync } from "node:fs";
import { dirname } from "node:path";
import {
  buildSettings,
  type Config,
  ConfigError,
  duckdbOptions,
  enrichOptions,
  environment,
  loadConfig,
  parseUserName,
  type SpotifyConfig,
} from "./config.ts";
import { Logger } from "./log.ts";
import { serve } from "./serve.ts";
import { UsageError, UserError } from "./lib/errors.ts";
import { Warehouse, WarehouseError } from "./warehouse/duckdb.ts";
import { openWarehouse } from "./warehouse/migrate.ts";
import { runDataTests } from "./warehouse/build.ts";
import { type EnrichmentCoverage, enrichmentCoverage } from "./warehouse/state/enrichment.ts";
import { failInterruptedRuns, type JobRun, jobRuns } from "./warehouse/state/job_runs.ts";
import {
  libraryConsentNeeded,
  seedConnection,
  spotifyStatus,
} from "./warehouse/state/spotify_connections.ts";
import { backup, BackupError, exportTables, restore } from "./warehouse/backup.ts";
import { formatTable, type OutputFormat } from "./warehouse/output.ts";
import { type Job, JobRunner } from "./pipeline/jobs/runner.ts";
import { etlJob } from "./pipeline/jobs/etl.ts";
import { enrichJob } from "./pipeline/enrich/mod.ts";
import { MusicBrainzClient } from "./pipeline/musicbrainz/client.ts";
import { completeConnect, startConnect } from "./pipeline/spotify/connections.ts";
import { ingestJob } from "./pipeline/spotify/ingest.ts";
import { libraryJob } from "./pipeline/spotify/library.ts";
import { parseRedirect } from "./pipeline/spotify/oauth.ts";
import { ImportError, importExports, type ImportReport } from "./pipeline/imports/import_exports.ts";
import { hashPassword } from "./web/features/login/sessions.ts";

const USAGE = `Music Tracker — your whole Spotify listening history in one DuckDB file.

Usage: deno task start [command] [options]
       deno run -A main.ts <command> [options]

Commands:
  serve                      Serve the dashboard (default) and run the schedules. --host, --port (env HOST,
                             PORT; 127.0.0.1:8080), --no-schedules
  import <path>...           Import Spotify export ZIPs, folders or JSON files, Last.fm scrobble CSVs and
                             ListenBrainz listens, in any mix.
                             --dry-run (report, change nothing), --user <name>, --json (report as JSON)
  build                      Rebuild the marts from the raw tables, run the data tests, checkpoint.
  query "<sql>"              Read-only SQL against the warehouse. --format table|csv|json (default table)
  jobs                       The latest job runs. --format table|json, --limit N (default 20)
  auth                       Connect a Spotify account in the terminal. --user <name> (default DEFAULT_USER)
  ingest                     Poll Spotify's recently played tracks for every connected account, once.
  library                    Snapshot liked songs, followed artists and own playlists of every connected
                             account, once.
  enrich                     Look up tracks, albums and artists at Spotify and MusicBrainz (genres, origin,
                             durations), most listened first, until done; resumable. --minutes N (stop after),
                             --status (coverage and what is left, change nothing)
  export <dir>               Every mart and raw table as files. --format parquet|csv (default parquet)
  backup <file>              A consistent copy of the warehouse, also while the server runs.
  restore <file>             Put a backup in place of the warehouse (stop the server first).
  password                   Set the admin password (read from standard input); needed to serve beyond 127.0.0.1.
  doctor                     Check the settings, the warehouse, disk space and the configured services.
  healthcheck                Exit 0 when the local server answers /healthz (for Docker's HEALTHCHECK).

Global options:
  --db <path>                Warehouse file (env DUCKDB_PATH; default ./data/music_tracker.duckdb)
  -h, --help                 This help.

Settings come from the environment over an optional .env file; .env.example lists every one with its default.`;

const COMMANDS = [
  "serve",
  "auth",
  "ingest",
  "library",
  "enrich",
  "import",
  "build",
  "query",
  "jobs",
  "export",
  "backup",
  "restore",
  "password",
  "doctor",
  "healthcheck",
] as const;
type Command = typeof COMMANDS[number];

export async function main(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        db: { type: "string" },
        host: { type: "string" },
        port: { type: "string" },
        user: { type: "string" },
        "dry-run": { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        format: { type: "string" },
        limit: { type: "string", default: "20" },
        "no-schedules": { type: "boolean", default: false },
        minutes: { type: "string" },
        status: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    return fail(new UsageError((error as Error).message));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [first, ...rest] = positionals;
  const command: Command = (first ?? "serve") as Command;
  try {
    if (!COMMANDS.includes(command)) throw new UsageError(`Unknown command "${first}"`);
    const config = loadConfig({
      ...environment(),
      ...(values.db ? { DUCKDB_PATH: values.db } : {}),
      ...(values.host ? { HOST: values.host } : {}),
      ...(values.port ? { PORT: values.port } : {}),
    });
    switch (command) {
      case "serve":
        await serve(config, { schedules: !values["no-schedules"] });
        return 0;
      case "import": {
        if (rest.length === 0) {
          throw new UsageError("import needs at least one path (a ZIP, folder or JSON file)");
        }
        const user = values.user ? parseUserName(values.user) : config.defaultUser;
        return await importCommand(config, rest, { user, dryRun: values["dry-run"], json: values.json });
      }
      case "build":
        return await buildCommand(config);
      case "query": {
        if (rest.length !== 1) throw new UsageError('query takes exactly one SQL string: query "select …"');
        return await queryCommand(config, rest[0], outputFormat(values.format, ["table", "csv", "json"]));
      }
      case "jobs": {
        const limit = Number(values.limit);
        if (!Number.isInteger(limit) || limit < 1) {
          throw new UsageError(`--limit must be a whole number, got "${values.limit}"`);
        }
        return await jobsCommand(config, { limit, format: outputFormat(values.format, ["table", "json"]) });
      }
      case "export": {
        if (rest.length !== 1) throw new UsageError("export takes one folder: export <dir>");
        const format = values.format ?? "parquet";
        if (format !== "parquet" && format !== "csv") {
          throw new UsageError(`--format must be parquet or csv, got "${format}"`);
        }
        return await exportCommand(config, rest[0], format);
      }
      case "backup":
        if (rest.length !== 1) throw new UsageError("backup takes one file: backup <file>");
        return await backupCommand(config, rest[0]);
      case "restore":
        if (rest.length !== 1) throw new UsageError("restore takes one file: restore <file>");
        return await restoreCommand(config, rest[0]);
      case "auth":
        return await authCommand(config, values.user ? parseUserName(values.user) : config.defaultUser);
      case "ingest":
        return await ingestCommand(config);
      case "library":
        return await libraryCommand(config);
      case "enrich": {
        if (values.status) return await enrichStatusCommand(config);
        const minutes = values.minutes === undefined ? undefined : Number(values.minutes);
        if (minutes !== undefined && (!Number.isInteger(minutes) || minutes < 1)) {
          throw new UsageError(`--minutes must be a whole number of minutes, got "${values.minutes}"`);
        }
        return await enrichCommand(config, minutes);
      }
      case "password":
        return await passwordCommand(config);
      case "doctor":
        return await doctor(config);
      case "healthcheck":
        return await healthcheck(config);
    }
  } catch (error) {
    return fail(error);
  }
}

async function importCommand(
  config: Config,
  paths: string[],
  { user, dryRun, json }: { user: string; dryRun: boolean; json: boolean },
): Promise<number> {
  const settings = buildSettings(config);
  const warehouse = await openWarehouse(config.dbPath, settings, duckdbOptions(config));
  try {
    const options = {
      user,
      settings,
      dryRun,
      onProgress: (message: string) => console.error(`import: ${message}`),
    };
    let report: ImportReport;
    if (dryRun) {
      report = await importExports(warehouse, paths, options);
    } else {
      // A real import is a job run like any other, so the jobs page shows it (and its error, if any).
      let imported: ImportReport | undefined;
      const result = await (await cliRunner(warehouse)).run({
        name: "import",
        async run({ warehouse: session }) {
          imported = await importExports(session, paths, options);
          return { rowsRead: imported.totals.rowsRead, newPlays: imported.totals.newPlays };
        },
      }, "cli");
      if (!imported) throw new ImportError(result.error ?? "the import did not run");
      report = imported;
    }
    console.log(json ? JSON.stringify(report, null, 2) : formatReport(report));
    return 0;
  } finally {
    warehouse.close();
  }
}

async function buildCommand(config: Config): Promise<number> {
  const settings = buildSettings(config);
  const started = performance.now();
  const warehouse = await openWarehouse(config.dbPath, settings, duckdbOptions(config));
  try {
    const result = await (await cliRunner(warehouse)).run(etlJob(settings), "cli");
    if (result.status !== "succeeded") throw new JobFailed(`The build failed: ${result.error}`);
    console.log(
      `Built the marts: ${result.counts?.plays} plays, all data tests passed (${
        Math.round(performance.now() - started)
      } ms)`,
    );
    return 0;
  } finally {
    warehouse.close();
  }
}

/**
 * Runs jobs from the CLI: same history as the server's, no notices (the person is watching). This process
 * holds the warehouse's lock, so a run still marked "running" was cut off by a kill: it is marked failed.
 */
async function cliRunner(warehouse: Warehouse): Promise<JobRunner> {
  await failInterruptedRuns(warehouse);
  return new JobRunner({
    session: () => warehouse.session(),
    // Retries and other warnings go to stderr; the failure itself is printed once, by fail().
    logger: new Logger({
      level: "warn",
      format: "text",
      write: (line) => line.includes(" ERROR ") || console.error(line),
    }),
  });
}

async function queryCommand(config: Config, sql: string, format: OutputFormat): Promise<number> {
  const warehouse = await openReadOnly(config);
  try {
    const result = await warehouse.table(sql).catch((error: Error) => {
      throw new WarehouseError(`Query failed: ${error.message.replace(/^[A-Z][A-Za-z ]* Error: /, "")}`);
    });
    console.log(formatTable(result, format));
    return 0;
  } finally {
    warehouse.close();
  }
}

async function jobsCommand(config: Config, { limit, format }: { limit: number; format: OutputFormat }) {
  let runs: JobRun[];
  try {
    const warehouse = await openReadOnly(config);
    try {
      runs = await jobRuns(warehouse, { limit });
    } finally {
      warehouse.close();
    }
  } catch (error) {
    // While `serve` holds the warehouse, ask it.
    if (!isLocked(error)) throw error;
    runs = await askServer<JobRun[]>(config, `/api/jobs?limit=${limit}`);
  }
  if (format === "json") {
    console.log(JSON.stringify(runs, null, 2));
  } else {
    const rows = runs.map((run) => [
      run.runId,
      run.job,
      run.trigger,
      new Date(run.startedAt).toISOString(),
      run.finishedAt ? `${((+new Date(run.finishedAt) - +new Date(run.startedAt)) / 1000).toFixed(1)} s` : "",
      run.status,
      run.attempts,
      run.error ?? (run.counts ? JSON.stringify(run.counts) : ""),
    ]);
    const columns = ["run", "job", "trigger", "started", "took", "status", "attempts", "error or counts"];
    console.log(formatTable({ columns, rows }, "table"));
  }
  return 0;
}

async function exportCommand(config: Config, dir: string, format: "parquet" | "csv"): Promise<number> {
  const warehouse = await openReadOnly(config);
  try {
    for (const { table, file, rows } of await exportTables(warehouse, dir, { format })) {
      console.log(`${table}: ${rows} rows -> ${file}`);
    }
    return 0;
  } finally {
    warehouse.close();
  }
}

async function backupCommand(config: Config, file: string): Promise<number> {
  try {
    const warehouse = await openReadOnly(config);
    try {
      await backup(warehouse, file);
    } finally {
      warehouse.close();
    }
  } catch (error) {
    if (!isLocked(error)) throw error;
    // The server holds the warehouse: it writes the copy (into BACKUP_DIR), and we move it where asked.
    // A JSON request: browsers cannot send one cross-site without CORS, so the CSRF guard lets it through.
    const { file: written } = await askServer<{ file: string }>(config, "/api/backup", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    if (existsSync(file)) throw new BackupError(`Will not overwrite "${file}": choose a new file name`);
    await Deno.rename(written, file).catch(() => Deno.copyFile(written, file));
  }
  console.log(`Backed up ${config.dbPath} to ${file}`);
  return 0;
}

async function restoreCommand(config: Config, file: string): Promise<number> {
  const { plays, keptAs } = await restore(file, config.dbPath);
  console.log(
    `Restored ${file} to ${config.dbPath} (${plays} plays)` +
      (keptAs ? `; the replaced warehouse is kept as ${keptAs}` : ""),
  );
  return 0;
}

function requireSpotify(config: Config): SpotifyConfig {
  if (!config.spotify) {
    throw new ConfigError("No Spotify app is configured: set SPOTIFY_CLIENT_ID (see .env.example)");
  }
  return config.spotify;
}

/** `auth`: prints the consent URL, then takes Spotify's redirect on the loopback callback or a pasted URL. */
async function authCommand(config: Config, user: string): Promise<number> {
  const spotify = requireSpotify(config);
  const warehouse = await openWarehouse(config.dbPath, buildSettings(config), duckdbOptions(config));
  try {
    const url = await startConnect(warehouse, spotify, user);
    console.error(`Open this address, agree, and come back:\n\n  ${url}\n`);
    console.error(
      `If the browser runs on this machine, Spotify sends it to ${spotify.redirectUri} and this finishes by itself.` +
        "\nOtherwise paste the address your browser ended on (it will not load) and press Enter:",
    );
    const redirected = await firstRedirect(spotify.redirectUri);
    const connected = await completeConnect(warehouse, spotify, parseRedirect(redirected));
    console.log(`Connected Spotify for "${connected}".`);
    return 0;
  } finally {
    warehouse.close();
  }
}

/** The URL Spotify redirected to: from a one-off listener on the loopback redirect URI, or typed on stdin. */
async function firstRedirect(redirectUri: string): Promise<string> {
  const redirect = new URL(redirectUri);
  const controller = new AbortController();
  let server: Deno.HttpServer | undefined;
  const fromCallback = new Promise<string>((resolve) => {
    if (redirect.protocol !== "http:") return;
    try {
      server = Deno.serve({
        hostname: redirect.hostname.replace(/^\[|\]$/g, ""),
        port: Number(redirect.port || 80),
        signal: controller.signal,
        onListen: () => {},
      }, (request) => {
        const url = new URL(request.url);
        if (url.pathname !== redirect.pathname) return new Response("Not found", { status: 404 });
        resolve(url.toString());
        return new Response("Spotify is connected; you can close this tab.");
      });
    } catch { /* the port is taken (serve runs there): the pasted URL will do */ }
  });
  const fromStdin = readLine().then((line) => line.trim());
  try {
    return await Promise.race([
      fromCallback,
      fromStdin.then((line) => line || Promise.reject(new UsageError("No URL was pasted"))),
    ]);
  } finally {
    controller.abort();
    await server?.finished.catch(() => {});
  }
}

async function ingestCommand(config: Config): Promise<number> {
  const settings = buildSettings(config);
  const { users, newPlays, gaps, paused } = await runSpotifyJob(
    config,
    "The ingest",
    (spotify) => ingestJob(spotify, settings),
  ) as Record<string, number>;
  console.log(`Polled ${users} account(s): ${newPlays} new plays, ${gaps} gap(s), ${paused} paused.`);
  return 0;
}

async function libraryCommand(config: Config): Promise<number> {
  const counts = await runSpotifyJob(config, "The library snapshot", (spotify) => libraryJob(spotify));
  console.log(
    `Snapshotted ${counts.users} account(s): ${counts.liked_tracks} liked songs, ${counts.followed_artists} ` +
      `followed artists, ${counts.requests} requests.`,
  );
  if (Number(counts.needs_consent) > 0) {
    console.log(
      `${counts.needs_consent} account(s) connected before the library was read: connect them again ` +
        "(Settings, or `auth`) to allow it.",
    );
  }
  if (counts.stopped) console.log(`Stopped early: ${counts.stopped}`);
  return 0;
}

/**
 * Runs a Spotify job once from the CLI, on the warehouse (a SPOTIFY_REFRESH_TOKEN seeds the first connection,
 * as `serve` does), and returns its counts; a failed run throws JobFailed naming `what`.
 */
async function runSpotifyJob(
  config: Config,
  what: string,
  job: (spotify: SpotifyConfig) => Job,
): Promise<Record<string, unknown>> {
  const spotify = requireSpotify(config);
  const warehouse = await openWarehouse(config.dbPath, buildSettings(config), duckdbOptions(config));
  try {
    if (spotify.seedRefreshToken) {
      await seedConnection(warehouse, config.defaultUser, spotify.seedRefreshToken);
    }
    const result = await (await cliRunner(warehouse)).run(job(spotify), "cli");
    if (result.status !== "succeeded") throw new JobFailed(`${what} failed: ${result.error}`);
    return result.counts ?? {};
  } finally {
    warehouse.close();
  }
}

async function enrichCommand(config: Config, minutes: number | undefined): Promise<number> {
  const settings = buildSettings(config);
  const warehouse = await openWarehouse(config.dbPath, settings, duckdbOptions(config));
  try {
    if (config.spotify?.seedRefreshToken) {
      await seedConnection(warehouse, config.defaultUser, config.spotify.seedRefreshToken);
    }
    console.error(
      `Enriching${minutes ? ` for at most ${minutes} min` : " until done"}: MusicBrainz allows one request ` +
        "per second, so a long history takes hours the first time. Stop any time; the next run resumes.",
    );
    const result = await (await cliRunner(warehouse)).run(enrichJob(enrichOptions(config, minutes)), "cli");
    if (result.status !== "succeeded") throw new JobFailed(`Enrichment failed: ${result.error}`);
    const counts = result.counts as Record<string, string | number>;
    for (const [name, lane] of [["Spotify", "spotify"], ["MusicBrainz", "musicbrainz"]]) {
      const stopped = counts[`${lane}_stopped`];
      console.log(
        `${name}: ${counts[`${lane}_answers`]} answer(s), ${counts[`${lane}_unknown`]} unknown, ` +
          `${counts[`${lane}_failed`]} failed${stopped ? ` (${stopped})` : ""}`,
      );
    }
    console.log(formatCoverage(await enrichmentCoverage(warehouse)));
    return 0;
  } finally {
    warehouse.close();
  }
}

async function enrichStatusCommand(config: Config): Promise<number> {
  let coverage: EnrichmentCoverage;
  try {
    const warehouse = await openReadOnly(config);
    try {
      coverage = await enrichmentCoverage(warehouse);
    } finally {
      warehouse.close();
    }
  } catch (error) {
    // While `serve` holds the warehouse, ask it.
    if (!isLocked(error)) throw error;
    coverage = await askServer<EnrichmentCoverage>(config, "/api/enrichment");
  }
  console.log(formatCoverage(coverage));
  return 0;
}

export function formatCoverage(coverage: EnrichmentCoverage): string {
  const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
  const pending = (count: number | null) => count === null ? "unknown until the first run" : String(count);
  return [
    `Listening time with a genre:          ${percent(coverage.withGenre)}`,
    `Listening time with an origin country: ${percent(coverage.withOrigin)}`,
    `Listening time with a track duration: ${percent(coverage.withDuration)}`,
    `Left to look up at Spotify:           ${pending(coverage.pendingSpotify)}`,
    `Artists left for MusicBrainz:         ${pending(coverage.pendingMusicBrainz)}`,
    `Last run:                             ${
      coverage.lastRunAt ? new Date(coverage.lastRunAt).toISOString() : "never"
    }`,
    `Last error:                           ${
      coverage.lastError
        ? `${coverage.lastError.service}, ${
          new Date(coverage.lastError.at).toISOString()
        }: ${coverage.lastError.error}`
        : "none"
    }`,
  ].join("\n");
}

/** The first line typed (or piped) on standard input, without its line break. */
async function readLine(): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of Deno.stdin.readable) {
    text += decoder.decode(chunk);
    if (text.includes("\n")) break;
  }
  return text.split(/\r?\n/)[0];
}

/** `password`: stores the scrypt hash of a password read from standard input, readable by the owner only. */
async function passwordCommand(config: Config): Promise<number> {
  console.error("New admin password (at least 10 characters), then Enter:");
  const password = await readLine();
  if (password.length < 10) throw new UsageError("The admin password must be at least 10 characters long");
  await Deno.mkdir(dirname(config.passwordFile) || ".", { recursive: true });
  await Deno.writeTextFile(config.passwordFile, hashPassword(password) + "\n", { mode: 0o600 });
  await Deno.chmod(config.passwordFile, 0o600);
  console.log(`Stored the admin password's hash in ${config.passwordFile}`);
  return 0;
}

/** `healthcheck`: 0 when the server on HOST:PORT answers /healthz with 200, else 1. */
async function healthcheck(config: Config): Promise<number> {
  try {
    const response = await fetch(`${serverUrl(config)}/healthz`, { signal: AbortSignal.timeout(4000) });
    await response.body?.cancel();
    return response.ok ? 0 : 1;
  } catch {
    return 1;
  }
}

/** `doctor`: checks what can be checked and says what to fix. Exit 1 when something fails. */
async function doctor(config: Config): Promise<number> {
  const results: { level: "ok" | "warn" | "fail"; check: string; detail: string }[] = [];
  const say = (level: "ok" | "warn" | "fail", check: string, detail: string) =>
    results.push({ level, check, detail });
  say(
    "ok",
    "settings",
    `valid; TIMEZONE=${config.timezone}, MIN_PLAY_MS=${config.minPlayMs}, DUCKDB_PATH=${config.dbPath}`,
  );
  if (!existsSync(config.dbPath)) {
    say(
      "warn",
      "warehouse",
      `none at ${config.dbPath} yet: import your Spotify export (deno task import <zip>)`,
    );
  } else {
    try {
      const warehouse = await openReadOnly(config);
      try {
        const plays = await warehouse.value<number>("select count(*) from fct_play");
        const failures = await runDataTests(warehouse);
        say(
          failures.length ? "fail" : "ok",
          "warehouse",
          `${plays} plays; ` +
            (failures.length
              ? `data tests failing: ${failures.map((f) => f.test).join(", ")}: run \`build\``
              : "data tests pass"),
        );
        const runs = await jobRuns(warehouse, { limit: 20 });
        const failed = runs.filter((run) => run.status === "failed");
        if (failed.length) {
          say("warn", "jobs", `${failed.length} of the last ${runs.length} runs failed: see \`jobs\``);
        }
        const withoutLibrary = libraryConsentNeeded(await spotifyStatus(warehouse));
        if (withoutLibrary.length) {
          say(
            "warn",
            "library",
            `${withoutLibrary.join(", ")} connected before the library was read: connect again ` +
              `(Settings, or \`auth --user ${withoutLibrary[0]}\`) to allow it`,
          );
        }
      } finally {
        warehouse.close();
      }
    } catch (error) {
      if (isLocked(error)) say("ok", "warehouse", "in use by a running server (that is fine)");
      else say("fail", "warehouse", (error as Error).message);
    }
  }
  try {
    const folder = existsSync(config.dbPath) ? dirname(config.dbPath) : ".";
    const stats = statfsSync(folder);
    const freeMb = Math.floor((stats.bavail * stats.bsize) / 1024 / 1024);
    say(
      freeMb < 1024 ? "warn" : "ok",
      "disk",
      `${freeMb} MB free in ${folder}` + (freeMb < 1024 ? ": an import of a large export needs ~1 GB" : ""),
    );
  } catch (error) {
    say("warn", "disk", `cannot tell free space: ${(error as Error).message}`);
  }
  if (config.notifyUrl) {
    try {
      const response = await fetch(config.notifyUrl, { method: "HEAD", signal: AbortSignal.timeout(5000) });
      await response.body?.cancel();
      say("ok", "notifications", `NOTIFY_URL answers (${response.status})`);
    } catch (error) {
      say("fail", "notifications", `NOTIFY_URL cannot be reached: ${(error as Error).message}`);
    }
  } else {
    say("ok", "notifications", "off (set NOTIFY_URL to be told when a job fails)");
  }
  if (!config.spotify) say("ok", "spotify", "no app configured: imports from export files need none");
  else {
    try {
      const response = await fetch(`${config.spotify.accountsBaseUrl}/api/token`, {
        method: "POST",
        signal: AbortSignal.timeout(5000),
      });
      await response.body?.cancel();
      say("ok", "spotify", `the accounts service answers (${config.spotify.accountsBaseUrl})`);
    } catch (error) {
      say("fail", "spotify", `cannot reach ${config.spotify.accountsBaseUrl}: ${(error as Error).message}`);
    }
  }
  if (!config.musicbrainz.contact) {
    say("ok", "musicbrainz", "not asked: set MUSICBRAINZ_CONTACT (an email or URL) for genres and countries");
  } else {
    try {
      // One lookup of a fixed artist, with the User-Agent MusicBrainz requires (a refusal says so).
      const client = new MusicBrainzClient({ ...config.musicbrainz, contact: config.musicbrainz.contact }, {
        retries: 0,
        timeoutMs: 5000,
      });
      await client.get("artist/5b11f4ce-a62d-471e-81fc-a69a8278c7da");
      say("ok", "musicbrainz", `answers (${config.musicbrainz.baseUrl}) as "${client.userAgent}"`);
    } catch (error) {
      say("fail", "musicbrainz", `cannot use ${config.musicbrainz.baseUrl}: ${(error as Error).message}`);
    }
  }
  for (const { level, check, detail } of results) console.log(`${level.padEnd(4)} ${check}: ${detail}`);
  return results.some((result) => result.level === "fail") ? 1 : 0;
}

async function openReadOnly(config: Config): Promise<Warehouse> {
  if (!existsSync(config.dbPath)) {
    throw new WarehouseError(`No warehouse at "${config.dbPath}" yet: import an export first`);
  }
  return await Warehouse.open(config.dbPath, { ...duckdbOptions(config), readOnly: true });
}

function isLocked(error: unknown): boolean {
  return error instanceof WarehouseError && /another process is using it/.test(error.message);
}

function serverUrl(config: Config): string {
  const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  return `http://${host.includes(":") ? `[${host}]` : host}:${config.port}`;
}

/** Calls the running server's API (used when it holds the warehouse). */
async function askServer<T>(config: Config, path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${serverUrl(config)}${path}`, { ...init, signal: AbortSignal.timeout(600_000) });
  } catch (error) {
    throw new WarehouseError(
      `The warehouse is in use, and no server answers at ${serverUrl(config)}: ${(error as Error).message}`,
    );
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new WarehouseError(`The server answered ${response.status}: ${body.error ?? ""}`);
  return body as T;
}

function outputFormat(value: string | undefined, allowed: OutputFormat[]): OutputFormat {
  const format = value ?? "table";
  if (!(allowed as string[]).includes(format)) {
    throw new UsageError(`--format must be ${allowed.join(", ")}, got "${format}"`);
  }
  return format as OutputFormat;
}

/** A job run from the CLI did not succeed; its error is the message. */
class JobFailed extends UserError {}

/** The import report for a person: one line per file, then totals. */
export function formatReport(report: ImportReport): string {
  const reasons = (rejected: Record<string, number>) =>
    Object.entries(rejected).map(([reason, count]) => `${count} ${reason}`).join(", ") || "0";
  const lines = [
    `${report.dryRun ? "Dry run (nothing written)" : `Import ${report.importId}`} for user "${report.user}":`,
  ];
  for (const file of report.files) {
    lines.push(
      `  ${file.file} [${file.format}]: ${file.rowsRead} rows, ${file.newPlays} new plays, ` +
        `${file.duplicates} duplicates, rejected: ${reasons(file.rejected)}`,
    );
  }
  for (const skipped of report.skipped) lines.push(`  skipped ${skipped.file}: ${skipped.reason}`);
  const { totals } = report;
  lines.push(
    `Total: ${totals.rowsRead} rows, ${totals.newPlays} new plays, ${totals.duplicates} duplicates, ` +
      `rejected: ${
        reasons(totals.rejected)
      }. Plays: ${report.playsBefore} before, ${report.playsAfter} after ` +
      `(${(report.elapsedMs / 1000).toFixed(1)} s).`,
  );
  return lines.join("\n");
}

/** Prints a user's error as one line (usage errors with a pointer to --help), anything else with its stack. */
function fail(error: unknown): number {
  if (!(error instanceof UserError)) {
    console.error(error);
    return 1;
  }
  console.error(`error: ${error.message}`);
  if (error instanceof UsageError) console.error("Run with --help for usage.");
  return error.exitCode;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
