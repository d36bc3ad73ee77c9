/**
 * `settings list|set|unset`: the settings with where each value comes from, and changing the ones that can be
 * stored in the warehouse. Works on a fresh data folder (the warehouse file is created); while `serve` holds the
 * warehouse, it asks the server over loopback, which applies the change before answering (a new TIMEZONE
 * rebuilds the marts first). A secret is read from standard input (`-`), never from the command line.
 */
import { type Config, describeSettings, type SettingView } from "../config.ts";
import { UsageError } from "../lib/errors.ts";
import { settingSpec, storableSetting } from "../lib/settings.ts";
import { formatTable } from "../warehouse/output.ts";
import { changeSetting } from "../warehouse/settings_change.ts";
import { storedSettingsAt } from "../warehouse/state/settings.ts";
import { defineCommand } from "./command.ts";
import { askRunningServer, askServer, isLocked, outputFormat, readLine, withWarehouse } from "./shared.ts";

const USAGE = "settings list [--format table|json] | settings set <KEY> <value|-> | settings unset <KEY>";

export const settingsCommand = defineCommand({
  name: "settings",
  usage: "settings list|set|unset",
  summary: [
    "List the settings and where each value comes from (--format table|json);",
    "set <KEY> <value> (- reads it from standard input) or unset <KEY>: stored in the",
    "warehouse and applied at once, also while the server runs. The environment wins.",
  ],
  options: {
    format: { type: "string" },
  },
  async run({ values, positionals }, config) {
    const [action, key, value, ...rest] = positionals;
    if (action === "list" && key === undefined) {
      const format = outputFormat(values.format, ["table", "json"]);
      return await list(config, format);
    }
    if (values.format !== undefined) throw new UsageError(`--format goes with settings list: ${USAGE}`);
    if (action === "set" && key !== undefined && value !== undefined && rest.length === 0) {
      storableSetting(key);
      if (settingSpec(key)!.secret && value !== "-") {
        throw new UsageError(
          `${key} is a secret: give - and type it on standard input (a command line shows in ps and the ` +
            "shell's history)",
        );
      }
      if (value === "-") console.error(`${key}, then Enter:`);
      const given = value === "-" ? await readLine() : value;
      return report(await store(config, key, given), config);
    }
    if (action === "unset" && key !== undefined && value === undefined) {
      storableSetting(key);
      return report(await store(config, key, undefined), config);
    }
    throw new UsageError(`Usage: ${USAGE}`);
  },
});

/** What a change did, as the server and changeSetting() both say it. */
interface Changed {
  setting: SettingView;
  rebuilt: boolean;
  overridden: boolean;
}

/**
 * Stores (or, for `undefined`, forgets) a setting. While a server runs on this data folder (it wrote its token
 * beside the warehouse and answers), the server does it and applies it at once, also while it shows the demo
 * and so does not hold the warehouse; otherwise it is stored here, with its marts rebuild, in one transaction.
 * `password` uses it too.
 */
export async function store(config: Config, key: string, value: string | undefined): Promise<Changed> {
  const init = {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ key, value: value ?? null }),
  };
  const answered = await askRunningServer<Changed>(config, "/api/settings", init);
  if (answered) return answered;
  try {
    return await withWarehouse(config, async (warehouse) => {
      const changed = await changeSetting(warehouse, config, { key, value });
      const setting = describeSettings(changed.config).find((view) => view.key === key)!;
      return { setting, rebuilt: changed.rebuilt, overridden: changed.overridden };
    });
  } catch (error) {
    if (!isLocked(error)) throw error;
    // Held by a server that left no token (an older one): it may still take the change.
    return await askServer<Changed>(config, "/api/settings", init);
  }
}

function report({ setting, rebuilt, overridden }: Changed, config: Config): number {
  const value = setting.secret ? (setting.value ? "set" : "not set") : setting.value ?? "(none)";
  const how = setting.source === "stored"
    ? "stored"
    : setting.source === "default"
    ? "the default"
    : "from the environment";
  const remade = rebuilt ? `; ${settingSpec(setting.key)?.remakes ?? "the marts were rebuilt"}` : "";
  console.log(`${setting.key} = ${value} (${how}${remade})`);
  if (overridden) {
    const file = config.origins.environment.ENV_FILE ?? ".env";
    console.error(
      `note: ${setting.key} is set in the environment (or ${file}), which wins: the stored value applies ` +
        "once it is removed there",
    );
  }
  return 0;
}

async function list(config: Config, format: "table" | "json" | "csv"): Promise<number> {
  // A running server knows the settings in use (its environment, what it stored): ask it.
  const served = await askRunningServer<SettingView[]>(config, "/api/settings");
  const stored = served ? undefined : await storedSettingsAt(config.dbPath);
  const settings = served ??
    (stored === undefined
      ? await askServer<SettingView[]>(config, "/api/settings")
      : describeSettings(config));
  for (const { key, error } of served ? [] : config.origins.ignored) {
    console.error(`warning: the stored ${key} is ignored: ${error} (settings set or unset ${key} fixes it)`);
  }
  if (format === "json") {
    console.log(JSON.stringify(
      settings.map(({ key, value, source, secret, scope }) => ({ key, value, source, secret, scope })),
      null,
      2,
    ));
    return 0;
  }
  const rows = settings.map((setting) => [
    setting.key,
    setting.secret ? (setting.value ? "(set)" : "") : setting.value ?? "",
    setting.source,
    setting.scope === "live" ? "at once" : "at restart (environment only)",
  ]);
  console.log(formatTable({ columns: ["setting", "value", "source", "a change applies"], rows }, "table"));
  return 0;
}
