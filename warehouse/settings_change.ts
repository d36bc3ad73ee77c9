/**
 * Changing a stored setting (`settings set`/`unset`, the Settings page, the first-run setup): the value checked
 * by the catalogue (lib/settings.ts) and kept as it says (a hash where the program never needs the secret
 * back), and, when the change moves what the marts are built with (TIMEZONE, MIN_PLAY_MS), the marts rebuilt
 * from raw in the same transaction (SESSION_GAP_MINUTES: the sessions made again from the runs): the change and
 * its rebuild are committed together, or neither is.
 */
import { buildSettings, type Config, ConfigError, loadConfig, sha256 } from "../config.ts";
import { hashPassword } from "../lib/passwords.ts";
import { storableSetting } from "../lib/settings.ts";
import type { Warehouse } from "./duckdb.ts";
import { updateMarts } from "./build.ts";
import { removeSetting, storedSettings, storeSetting } from "./state/settings.ts";

export interface ChangedSetting {
  /** The configuration with the change, resolved under the same environment. */
  config: Config;
  /** The marts were rebuilt (a new time zone or MIN_PLAY_MS), or the sessions made again (a new session gap). */
  rebuilt: boolean;
  /** The environment sets this key too, so its value stays in use (the stored one waits). */
  overridden: boolean;
}

/**
 * The value a setting is stored as: checked (a ConfigError names the setting and what it must be) and, for the
 * admin password and the metrics token, hashed. Unknown keys and environment-only ones are refused.
 */
export function storedForm(key: string, value: string): string {
  const spec = storableSetting(key);
  const checked = spec.check(value);
  if (spec.stored === "scrypt") return hashPassword(checked);
  if (spec.stored === "sha256") return sha256(checked);
  return checked;
}

/**
 * Stores `value` under `key` (or forgets the stored value when `value` is undefined) in one transaction, with
 * a rebuild of the marts when the built-with settings change. `config` is the configuration in use: its
 * environment decides the new one.
 */
export async function changeSetting(
  warehouse: Warehouse,
  config: Config,
  { key, value }: { key: string; value: string | undefined },
): Promise<ChangedSetting> {
  const kept = value === undefined ? (storableSetting(key), undefined) : storedForm(key, value);
  return await warehouse.transaction(async () => {
    const stored = await storedSettings(warehouse);
    if (kept === undefined) delete stored[key];
    else stored[key] = kept;
    const next = loadConfig(config.origins.environment, stored);
    if (key === "SPOTIFY_CLIENT_SECRET" && kept !== undefined && !next.spotify) {
      throw new ConfigError("Set SPOTIFY_CLIENT_ID first: a client secret belongs to a client id");
    }
    if (kept === undefined) await removeSetting(warehouse, key);
    else await storeSetting(warehouse, key, kept);
    const rebuilt = await updateMarts(warehouse, buildSettings(next));
    return { config: next, rebuilt, overridden: key in config.origins.environment };
  });
}
