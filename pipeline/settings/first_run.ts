/**
 * The first run: the dashboard offers the setup while the user's warehouse has no plays, no setting is stored,
 * and the setup was neither finished nor skipped (a `setup_finished` fact in the user's warehouse, so a restart
 * does not offer it again).
 */
import { existsSync } from "node:fs";
import { readState, writeState } from "../../warehouse/state/warehouse_state.ts";
import type { WarehouseSwitch } from "../demo/warehouse_switch.ts";
import type { LiveSettings } from "./live.ts";

export class FirstRun {
  #warehouses: WarehouseSwitch;
  #settings: LiveSettings;
  #onFinish: () => void;
  #finished = false;

  private constructor(warehouses: WarehouseSwitch, settings: LiveSettings, onFinish: () => void) {
    this.#warehouses = warehouses;
    this.#settings = settings;
    this.#onFinish = onFinish;
  }

  /** Reads whether the setup was finished; `onFinish` is told when it is (the pages change). */
  static async load(
    warehouses: WarehouseSwitch,
    settings: LiveSettings,
    { onFinish = () => {} }: { onFinish?: () => void } = {},
  ): Promise<FirstRun> {
    const firstRun = new FirstRun(warehouses, settings, onFinish);
    if (existsSync(settings.config.dbPath)) {
      firstRun.#finished = await warehouses.withReal((real) =>
        readState(real, "setup_finished")
      ) !== undefined;
    }
    return firstRun;
  }

  /** True while the dashboard should offer the setup. */
  async offered(): Promise<boolean> {
    return !this.#finished && Object.keys(this.#settings.config.origins.stored).length === 0 &&
      (await this.#warehouses.current()).isDemo;
  }

  /** The setup was finished or skipped: it is not offered again (Settings keeps every step). */
  async finish(): Promise<void> {
    if (this.#finished) return;
    await this.#warehouses.withReal((real) => writeState(real, "setup_finished", new Date().toISOString()));
    this.#finished = true;
    this.#onFinish();
  }
}
