/**
 * What several commands share: opening the warehouse (read-only, or for writing), asking the running server over
 * loopback while it holds the warehouse, the CLI's job runner, Spotify's settings, output formats and reading a
 * line from standard input.
 */
import { existsSync } from "node:fs";
import { buildSettings, type Config, ConfigError, duckdbOptions, type SpotifyConfig } from "../config.ts";
import { Logger } from "../log.ts";
import { readApiToken } from "../lib/api_token.ts";
import { UsageError, UserError } from "../lib/errors.ts";
import { Warehouse, WarehouseError } from "../warehouse/duckdb.ts";
import { openWarehouse } from "../warehouse/migrate.ts";
import type { OutputFormat } from "../warehouse/output.ts";
import { failInterruptedRuns } from "../warehouse/state/job_runs.ts";
import { seedConnection } from "../warehouse/state/spotify_connections.ts";
import { type Job, JobRunner } from "../pipeline/jobs/runner.ts";

/** A job run from the CLI did not succeed; the message names the job and its error. */
export class JobFailed extends UserError {}

/**
 * Opens the warehouse (migrated, for writing; `readOnly`: as it is, and only if it exists), hands it to `use`
 * and closes it again.
 */
export async function withWarehouse<T>(
  config: Config,
  use: (warehouse: Warehouse) => Promise<T>,
  { readOnly = false, build = true }: { readOnly?: boolean; build?: boolean } = {},
): Promise<T> {
  const warehouse = readOnly
    ? await openReadOnly(config)
    : await openWarehouse(config.dbPath, buildSettings(config), { ...duckdbOptions(config), build });
  try {
    return await use(warehouse);
  } finally {
    warehouse.close();
  }
}

async function openReadOnly(config: Config): Promise<Warehouse> {
  if (!existsSync(config.dbPath)) {
    throw new WarehouseError(`No warehouse at "${config.dbPath}" yet: import an export first`);
  }
  return await Warehouse.open(config.dbPath, { ...duckdbOptions(config), readOnly: true });
}

/** True for the error of opening a warehouse that another process (a running `serve`) holds. */
export function isLocked(error: unknown): boolean {
  return error instanceof WarehouseError && /another process is using it/.test(error.message);
}

/** Reads from the warehouse, read-only; while `serve` holds it, asks the server's API at `path` instead. */
export async function readOrAskServer<T>(
  config: Config,
  { read, path }: { read: (warehouse: Warehouse) => Promise<T>; path: string },
): Promise<T> {
  try {
    return await withWarehouse(config, read, { readOnly: true });
  } catch (error) {
    if (!isLocked(error)) throw error;
    return await askServer<T>(config, path);
  }
}

/** The local server's address from HOST and PORT (a wildcard host is asked on 127.0.0.1). */
export function serverUrl(config: Config): string {
  const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  return `http://${host.includes(":") ? `[${host}]` : host}:${config.port}`;
}

/** Calls the running server's API (used when it holds the warehouse). */
export async function askServer<T>(config: Config, path: string, init: RequestInit = {}): Promise<T> {
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

/**
 * Asks the server running on this data folder, with the token it keeps beside the warehouse; undefined when
 * there is no token or nobody answers (a server that stopped without removing it). A refusal is an error.
 */
export async function askRunningServer<T>(
  config: Config,
  path: string,
  init: RequestInit = {},
): Promise<T | undefined> {
  const token = readApiToken(config.apiTokenFile);
  if (!token) return undefined;
  const headers = { ...init.headers as Record<string, string>, authorization: `Bearer ${token}` };
  try {
    const probe = await fetch(`${serverUrl(config)}/healthz`, { signal: AbortSignal.timeout(5_000) });
    await probe.body?.cancel();
  } catch {
    return undefined;
  }
  return await askServer<T>(config, path, { ...init, headers });
}

/**
 * Runs jobs from the CLI: same history as the server's, no notices (the person is watching). This process
 * holds the warehouse's lock, so a run still marked "running" was cut off by a kill: it is marked failed.
 */
export async function cliRunner(warehouse: Warehouse): Promise<JobRunner> {
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

/** Runs `job` once on the CLI's runner and returns its counts; a run that does not succeed throws JobFailed. */
export async function runJob(
  warehouse: Warehouse,
  { job, what }: { job: Job; what: string },
): Promise<Record<string, unknown>> {
  const result = await (await cliRunner(warehouse)).run(job, "cli");
  if (result.status !== "succeeded") throw new JobFailed(`${what} failed: ${result.error}`);
  return result.counts ?? {};
}

/** The Spotify app's settings, or a ConfigError saying how to configure one. */
export function requireSpotify(config: Config): SpotifyConfig {
  if (!config.spotify) {
    throw new ConfigError("No Spotify app is configured: set SPOTIFY_CLIENT_ID (see .env.example)");
  }
  return config.spotify;
}

/** A SPOTIFY_REFRESH_TOKEN seeds the first connection of DEFAULT_USER, as `serve` does. */
export async function seedSpotify(warehouse: Warehouse, config: Config): Promise<void> {
  if (config.spotify?.seedRefreshToken) {
    await seedConnection(warehouse, config.defaultUser, config.spotify.seedRefreshToken);
  }
}

/**
 * Runs a Spotify job once on the warehouse (after seeding the first connection, as `serve` does) and returns its
 * counts; a failed run throws JobFailed naming `what`.
 */
export async function runSpotifyJob(
  config: Config,
  { what, job }: { what: string; job: (spotify: SpotifyConfig) => Job },
): Promise<Record<string, unknown>> {
  const spotify = requireSpotify(config);
  return await withWarehouse(config, async (warehouse) => {
    await seedSpotify(warehouse, config);
    return await runJob(warehouse, { job: job(spotify), what });
  });
}

/** The one positional a command takes, or a UsageError with `message` (how to call the command). */
export function onePositional(positionals: string[], message: string): string {
  if (positionals.length !== 1) throw new UsageError(message);
  return positionals[0];
}

/** `--format`, one of `allowed` (default table), or a UsageError. */
export function outputFormat(value: string | undefined, allowed: OutputFormat[]): OutputFormat {
  const format = value ?? "table";
  if (!(allowed as string[]).includes(format)) {
    throw new UsageError(`--format must be ${allowed.join(", ")}, got "${format}"`);
  }
  return format as OutputFormat;
}

/** The first line typed (or piped) on standard input, without its line break. */
export async function readLine(): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of Deno.stdin.readable) {
    text += decoder.decode(chunk);
    if (text.includes("\n")) break;
  }
  return text.split(/\r?\n/)[0];
}
