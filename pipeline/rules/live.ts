/**
 * Rules changed while the server runs (the Rules page, the buttons on item pages, `rules` asking the server):
 * each change is a `rules` job on the job runner, so its rebuild never runs beside another job, and the pages'
 * cache follows when it ends. A rule that cannot be kept (it names nothing played, makes a cycle …) is refused
 * before the job, with nothing changed and no failed run in the history.
 */
import { BusyError } from "../../lib/errors.ts";
import type { BuildSettings } from "../../warehouse/build.ts";
import type { Warehouse } from "../../warehouse/duckdb.ts";
import { type ChangedRule, changeRules, type RuleChange } from "../../warehouse/rules_change.ts";
import { addRule, listRules, removeRule, type Rule, RuleError } from "../../warehouse/state/rules.ts";
import type { WarehouseSwitch } from "../demo/warehouse_switch.ts";
import type { JobRunner } from "../jobs/runner.ts";

export interface LiveRulesOptions {
  warehouses: Pick<WarehouseSwitch, "current">;
  runner: JobRunner;
  settings: BuildSettings;
}

/** Reading and changing the rules of the warehouse shown; the demo takes none. */
export class LiveRules {
  #options: LiveRulesOptions;

  constructor(options: LiveRulesOptions) {
    this.#options = options;
  }

  /** Every rule, oldest first (none while the demo is shown). */
  async list(): Promise<Rule[]> {
    const current = await this.#options.warehouses.current();
    return current.isDemo ? [] : await listRules(current.warehouse);
  }

  /** Keeps or forgets a rule and rebuilds the marts, as a job; a RuleError or BusyError changes nothing. */
  async change(change: RuleChange): Promise<ChangedRule> {
    const { warehouses, runner, settings } = this.#options;
    const current = await warehouses.current();
    if (current.isDemo) {
      throw new RuleError(
        "Rules apply to your own listening: import your history first (the demo takes none)",
      );
    }
    await check(current.warehouse, change);
    // A rebuild is a job: never beside another one. A short one (a listens append) is waited out.
    if (!(await runner.whenIdle(10_000))) {
      throw new BusyError("A job is running, and a rule rebuilds the marts: try again when it has finished");
    }
    let done: ChangedRule | undefined;
    const run = await runner.run({
      name: "rules",
      async run({ warehouse }) {
        done = await changeRules(warehouse, settings, change);
        return { rule: done.rule.id, [done.action]: done.rule.kind };
      },
    }, "web");
    if (!done || run.status !== "succeeded") {
      throw new BusyError(`The rule was not changed: ${run.error ?? "another rule is being applied"}`);
    }
    return done;
  }
}

/** Tries the change on a session of its own and rolls it back: a RuleError says what is wrong with it. */
async function check(warehouse: Warehouse, change: RuleChange): Promise<void> {
  const session = await warehouse.session();
  try {
    await session.run("begin transaction");
    try {
      if ("add" in change) await addRule(session, change.add);
      else await removeRule(session, change.remove);
    } finally {
      await session.run("rollback");
    }
  } finally {
    session.close();
  }
}
