/**
 * Adding or undoing a rule (`rules add`/`remove`, the Rules page and the buttons on item pages): the rule kept or
 * forgotten and the marts rebuilt from raw in one transaction, so the rule and its effect are committed
 * together, or neither is. A rebuild is what makes undo exact: the marts are again what the rules make them.
 */
import type { Warehouse } from "./duckdb.ts";
import { buildMarts, type BuildSettings } from "./build.ts";
import { addRule, type NewRule, removeRule, type Rule } from "./state/rules.ts";

export type RuleChange = { add: NewRule } | { remove: number };

export interface ChangedRule {
  /** The rule added, or the one removed. */
  rule: Rule;
  action: "added" | "removed";
  /** How long the rebuild took. */
  buildMs: number;
}

export async function changeRules(
  warehouse: Warehouse,
  settings: BuildSettings,
  change: RuleChange,
): Promise<ChangedRule> {
  return await warehouse.transaction(async () => {
    const rule = "add" in change
      ? await addRule(warehouse, change.add)
      : await removeRule(warehouse, change.remove);
    const started = performance.now();
    await buildMarts(warehouse, settings);
    return {
      rule,
      action: "add" in change ? "added" : "removed",
      buildMs: Math.round(performance.now() - started),
    };
  });
}
