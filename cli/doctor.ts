/**
 * `doctor`: checks the settings (where they come from, stored values ignored, who may reach the server), the
 * warehouse (plays, data tests, failed jobs, a stalled Spotify poll, library consent), disk space and the
 * configured services (the Spotify app as the Settings page checks it), and says what to fix; exit 1 when a
 * check fails.
 */
import { existsSync, statfsSync } from "node:fs";
import { dirname } from "node:path";
import type { Config } from "../config.ts";
import { runDataTests } from "../warehouse/build.ts";
import { jobRuns } from "../warehouse/state/job_runs.ts";
import { libraryConsentNeeded, spotifyStatus } from "../warehouse/state/spotify_connections.ts";
import { isLoopbackHost } from "../lib/hosts.ts";
import { SETTINGS } from "../lib/settings.ts";
import { MusicBrainzClient } from "../pipeline/musicbrainz/client.ts";
import { ingestStall } from "../pipeline/jobs/stall.ts";
import { checkSpotify } from "../pipeline/spotify/check.ts";
import { defineCommand } from "./command.ts";
import { isLocked, withWarehouse } from "./shared.ts";

type Level = "ok" | "warn" | "fail";
/** Records one check's outcome. */
type Say = (level: Level, check: string, detail: string) => void;

export const doctorCommand = defineCommand({
  name: "doctor",
  usage: "doctor",
  summary: ["Check the settings, the warehouse, disk space and the configured services."],
  options: {},
  async run(_args, config) {
    const results: { level: Level; check: string; detail: string }[] = [];
    const say: Say = (level, check, detail) => results.push({ level, check, detail });
    checkSettings(config, say);
    await checkWarehouse(config, say);
    checkDisk(config, say);
    await checkServices(config, say);
    for (const { level, check, detail } of results) console.log(`${level.padEnd(4)} ${check}: ${detail}`);
    return results.some((result) => result.level === "fail") ? 1 : 0;
  },
});

/** The settings in use and where they come from, stored values that are ignored, and who may reach the server. */
function checkSettings(config: Config, say: Say): void {
  const { environment, stored, ignored } = config.origins;
  const live = SETTINGS.filter((spec) => spec.scope === "live").map((spec) => spec.key);
  say(
    "ok",
    "settings",
    `valid; TIMEZONE=${config.timezone}, MIN_PLAY_MS=${config.minPlayMs}, DUCKDB_PATH=${config.dbPath}; ` +
      `${Object.keys(stored).length} stored in the warehouse, ` +
      `${live.filter((key) => key in environment).length} from the environment (settings list says which)`,
  );
  for (const { key, error } of ignored) {
    say("warn", "settings", `the stored ${key} is ignored: ${error} (settings set or unset ${key} fixes it)`);
  }
  const password = config.adminPassword !== undefined || config.adminPasswordHash !== undefined ||
    existsSync(config.passwordFile);
  if (isLoopbackHost(config.host)) {
    say("ok", "access", `HOST=${config.host}: only this machine reaches the dashboard`);
  } else if (password) {
    say("ok", "access", `HOST=${config.host}: every page asks for the admin password`);
  } else {
    say(
      "warn",
      "access",
      `HOST=${config.host} and no admin password: serve shows only the setup's password step, to the ` +
        "one-time link it prints in its log; or set one with `settings set ADMIN_PASSWORD -`",
    );
  }
  say(
    "ok",
    "metrics",
    config.metricsTokenSha256
      ? "/metrics answers this machine, and others with METRICS_TOKEN"
      : "/metrics answers this machine only (set METRICS_TOKEN for a Prometheus elsewhere)",
  );
}

async function checkWarehouse(config: Config, say: Say): Promise<void> {
  if (!existsSync(config.dbPath)) {
    say(
      "warn",
      "warehouse",
      `none at ${config.dbPath} yet: import your Spotify export (deno task import <zip>)`,
    );
    return;
  }
  try {
    await withWarehouse(config, async (warehouse) => {
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
      const stall = config.spotify
        ? await ingestStall(warehouse, { schedule: config.ingestCron, now: new Date() })
        : undefined;
      if (stall) {
        say(
          "warn",
          "ingest",
          `no Spotify poll succeeded since ${stall.since.toISOString()} (INGEST_CRON "${config.ingestCron}"): ` +
            "is the server running? See `jobs`",
        );
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
    }, { readOnly: true });
  } catch (error) {
    if (isLocked(error)) say("ok", "warehouse", "in use by a running server (that is fine)");
    else say("fail", "warehouse", (error as Error).message);
  }
}

function checkDisk(config: Config, say: Say): void {
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
}

/** NOTIFY_URL, Spotify's accounts service and MusicBrainz, each asked once when configured. */
async function checkServices(config: Config, say: Say): Promise<void> {
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
    // The Settings page's check, without the accounts (their tokens would be refreshed, and doctor writes nothing).
    const levels = { ok: "ok", problem: "fail", unknown: "warn" } as const;
    for (const check of await checkSpotify(config.spotify)) {
      if (check.subject !== "accounts") {
        say(levels[check.status], "spotify", `${check.subject}: ${check.says}`);
      }
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
}
