/**
 * Settings changed while the server runs (the Settings page, the first-run setup, `settings set` asking the
 * server): stored in the user's warehouse, even while the dashboard shows the demo (which it keeps showing), the
 * marts rebuilt before the change answers when the time zone or MIN_PLAY_MS moves (the sessions alone for
 * SESSION_GAP_MINUTES), and then the server told the new configuration (it re-registers the schedules and
 * rebuilds its clients). One change at a time.
 */
import { existsSync } from "node:fs";
import { buildSettings, type Config, describeSettings, type SettingView } from "../../config.ts";
import { hashPassword } from "../../lib/passwords.ts";
import { BusyError } from "../../lib/errors.ts";
import type { Logger } from "../../log.ts";
import { martsAreCurrent, updateMarts } from "../../warehouse/build.ts";
import type { Resources } from "../../warehouse/duckdb.ts";
import { type ChangedSetting, changeSetting } from "../../warehouse/settings_change.ts";
import { SETTINGS, storableSetting } from "../../lib/settings.ts";
import type { WarehouseSwitch } from "../demo/warehouse_switch.ts";
import type { JobRunner } from "../jobs/runner.ts";

/** Settings whose change makes marts again: all of them, or the sessions alone (SESSION_GAP_MINUTES). */
const BUILD_KEYS = new Set(SETTINGS.filter((spec) => spec.remakes).map((spec) => spec.key));

export interface LiveSettingsOptions {
  config: Config;
  warehouses: WarehouseSwitch;
  runner: JobRunner;
  logger?: Logger;
  /**
   * DuckDB's memory limit and threads while the demo's marts are rebuilt, and the ones to go back to (a user's
   * rebuild runs as a job, which the job runner gives its working resources). Default: left as they are.
   */
  resources?: { working: Resources; idle: Resources };
  /** Told the new configuration once a change is stored (and the marts rebuilt). */
  onChange: (next: Config, previous: Config) => void | Promise<void>;
}

/** What a change did: the setting as listed now, whether the marts were rebuilt, whether the environment wins. */
export interface SettingChangeResult {
  setting: SettingView;
  rebuilt: boolean;
  overridden: boolean;
}

export class LiveSettings {
  #config: Config;
  #options: LiveSettingsOptions;
  #queue: Promise<unknown> = Promise.resolve();
  /** ADMIN_PASSWORD from the environment and its hash, made once (scrypt is slow on purpose). */
  #hashed: { password: string; hash: string } | undefined;

  constructor(options: LiveSettingsOptions) {
    this.#options = options;
    this.#config = options.config;
  }

  /** The configuration in use now. */
  get config(): Config {
    return this.#config;
  }

  /**
   * The admin password's scrypt hash in use: ADMIN_PASSWORD from the environment, else the stored one, else the
   * file `password` wrote before the warehouse kept it; undefined when there is none.
   */
  adminPasswordHash(): string | undefined {
    const config = this.#config;
    if (config.adminPassword) {
      if (this.#hashed?.password !== config.adminPassword) {
        this.#hashed = { password: config.adminPassword, hash: hashPassword(config.adminPassword) };
      }
      return this.#hashed.hash;
    }
    return config.adminPasswordHash ??
      (existsSync(config.passwordFile) ? Deno.readTextFileSync(config.passwordFile).trim() : undefined);
  }

  /** Every setting as in use now (secrets only as set or not). */
  list(): SettingView[] {
    return describeSettings(this.#config);
  }

  /**
   * Stores `value` for `key` (undefined: forgets the stored value) and applies it. Refused with a UserError
   * (nothing changed) when the value is wrong, the key is not one that can be stored, or a rebuild is needed
   * while a job is running.
   */
  change(key: string, value: string | undefined): Promise<SettingChangeResult> {
    const result = this.#queue.then(() => this.#change(key, value));
    this.#queue = result.catch(() => {});
    return result;
  }

  async #change(key: string, value: string | undefined): Promise<SettingChangeResult> {
    const { warehouses, runner, logger, onChange } = this.#options;
    // A wrong value is refused here, before anything is opened or run: never a failed job (nor its notice).
    const spec = storableSetting(key);
    if (value !== undefined) spec.check(value);
    const previous = this.#config;
    const current = await warehouses.current();
    const change = { key, value };
    let changed: ChangedSetting;
    if (current.isDemo) {
      // The user's own warehouse keeps the setting; the demo shown is rebuilt to match.
      changed = await warehouses.withReal((real) => changeSetting(real, previous, change));
      if (!(await martsAreCurrent(current.warehouse, buildSettings(changed.config)))) {
        const resources = this.#options.resources;
        if (resources) await current.warehouse.setResources(resources.working);
        try {
          // On a session: the build's temp tables would stay with the demo's connection, filling its idle limit.
          await current.warehouse.inSession((session) =>
            session.transaction(() => updateMarts(session, buildSettings(changed.config)))
          );
        } finally {
          if (resources) await current.warehouse.lowerResources(resources.idle);
        }
      }
    } else if (BUILD_KEYS.has(key) && !(key in previous.origins.environment)) {
      // A rebuild is a job: never beside another one. A short one (a listens append) is waited out.
      if (!(await runner.whenIdle(10_000))) {
        throw new BusyError(
          `A job is running, and ${key} rebuilds the marts: try again when it has finished`,
        );
      }
      let done: ChangedSetting | undefined;
      const run = await runner.run({
        name: "build",
        async run({ warehouse }) {
          done = await changeSetting(warehouse, previous, change);
          return { setting: key, rebuilt: done.rebuilt };
        },
      }, "web");
      if (!done || run.status !== "succeeded") {
        throw new BusyError(`${key} was not changed: ${run.error ?? "another rebuild is running"}`);
      }
      changed = done;
    } else {
      changed = await current.warehouse.inSession((session) => changeSetting(session, previous, change));
    }
    warehouses.updateSettings(buildSettings(changed.config));
    this.#config = changed.config;
    logger?.info(value === undefined ? "setting reset" : "setting changed", {
      key,
      rebuilt: changed.rebuilt,
    });
    await onChange(changed.config, previous);
    return {
      setting: describeSettings(changed.config).find((view) => view.key === key)!,
      rebuilt: changed.rebuilt,
      overridden: changed.overridden,
    };
  }
}
