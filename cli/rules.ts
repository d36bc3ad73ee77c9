/**
 * `rules add|list|remove`: the listener's merge, rename and exclusion rules. A change is kept and the marts are
 * rebuilt before the command exits (one transaction: both or neither); while `serve` holds the warehouse the
 * server does it, as `settings` does, and its cached pages follow.
 */
import { buildSettings, type Config } from "../config.ts";
import { UsageError } from "../lib/errors.ts";
import { formatTable } from "../warehouse/output.ts";
import { type ChangedRule, changeRules, type RuleChange } from "../warehouse/rules_change.ts";
import { describeRule, isRuleKind, listRules, type Rule, RULE_KINDS } from "../warehouse/state/rules.ts";
import { defineCommand } from "./command.ts";
import { askRunningServer, askServer, isLocked, outputFormat, withWarehouse } from "./shared.ts";

const USAGE = [
  "rules add merge-artist <artist> <into artist> | rename-artist <artist> <new name> |",
  "  exclude-artist <artist> [--user <name>] | merge-track <key> <into key> | rename-track <key> <new name> |",
  "  exclude-track <key> [--user <name>] | merge-album <key> <into key> | rename-album <key> <new name> |",
  "  exclude-album <key> [--user <name>] | exclude-show <show> [--user <name>] |",
  "  split-artists <separator> [<separator> ...]",
  "rules list [--format table|json]",
  "rules remove <id>",
].join("\n");

export const rulesCommand = defineCommand({
  name: "rules",
  usage: "rules add|list|remove",
  summary: [
    "Your rules over your data: add merge-artist <from> <into>, rename-artist <artist>",
    "<name>, exclude-artist <artist> [--user <name>], the same for tracks and albums by",
    "key, exclude-show <show>, split-artists <separators>; list [--format table|json];",
    "remove <id> (undo). Applied before the command exits, also while the server runs.",
  ],
  options: {
    user: { type: "string" },
    format: { type: "string" },
  },
  async run({ values, positionals }, config) {
    const [action, ...rest] = positionals;
    if (action === "list" && rest.length === 0) {
      if (values.user !== undefined) throw new UsageError(`--user goes with rules add: ${USAGE}`);
      const format = outputFormat(values.format, ["table", "json"]);
      const rules = await readRules(config);
      console.log(format === "json" ? JSON.stringify(rules.map(asJson), null, 2) : formatRules(rules));
      return 0;
    }
    if (values.format !== undefined) throw new UsageError(`--format goes with rules list: ${USAGE}`);
    if (action === "remove" && rest.length === 1) {
      const id = Number(rest[0]);
      if (!/^\d+$/.test(rest[0]) || !Number.isSafeInteger(id)) {
        throw new UsageError(`rules remove takes a rule's id (a number, see rules list), got "${rest[0]}"`);
      }
      report(await change(config, { remove: id }));
      return 0;
    }
    if (action === "add" && rest.length >= 2) {
      const [kind, subject, ...more] = rest;
      if (!isRuleKind(kind)) {
        throw new UsageError(`There is no rule "${kind}": use one of ${RULE_KINDS.join(", ")}`);
      }
      if (kind === "split-artists") {
        report(await change(config, { add: { kind, subject: JSON.stringify([subject, ...more]) } }));
        return 0;
      }
      const takesTarget = kind.startsWith("merge-") || kind.startsWith("rename-");
      if (more.length !== (takesTarget ? 1 : 0)) {
        throw new UsageError(
          takesTarget
            ? `${kind} takes two values (quote names with spaces): ${USAGE}`
            : `${kind} takes one value (quote names with spaces): ${USAGE}`,
        );
      }
      report(await change(config, { add: { kind, subject, target: more[0], user: values.user } }));
      return 0;
    }
    throw new UsageError(`Usage:\n${USAGE}`);
  },
});

/** The rules, from the running server when there is one, else from the warehouse read-only. */
async function readRules(config: Config): Promise<Rule[]> {
  const served = await askRunningServer<Rule[]>(config, "/api/rules");
  if (served) return served;
  try {
    return await withWarehouse(config, listRules, { readOnly: true });
  } catch (error) {
    if (!isLocked(error)) throw error;
    return await askServer<Rule[]>(config, "/api/rules");
  }
}

/** Adds or removes a rule: through the running server, else here, with the rebuild, in one transaction. */
async function change(config: Config, change: RuleChange): Promise<ChangedRule> {
  const init = {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(change),
  };
  const answered = await askRunningServer<ChangedRule>(config, "/api/rules", init);
  if (answered) return answered;
  try {
    return await withWarehouse(config, (warehouse) => changeRules(warehouse, buildSettings(config), change));
  } catch (error) {
    if (!isLocked(error)) throw error;
    return await askServer<ChangedRule>(config, "/api/rules", init);
  }
}

function report({ rule, action, buildMs }: ChangedRule): void {
  console.log(`Rule ${rule.id} ${action}: ${describeRule(rule)} (the marts were rebuilt in ${buildMs} ms)`);
}

function asJson(rule: Rule) {
  return {
    id: rule.id,
    kind: rule.kind,
    subject: rule.subject,
    target: rule.target,
    subject_name: rule.subjectName,
    target_name: rule.targetName,
    user: rule.user,
    created_at: new Date(rule.createdAt).toISOString(),
  };
}

function formatRules(rules: Rule[]): string {
  if (rules.length === 0) return "No rules yet.";
  const rows = rules.map((rule) => [
    rule.id,
    rule.kind,
    describeRule(rule),
    rule.user ?? "everyone",
    new Date(rule.createdAt).toISOString(),
  ]);
  return formatTable({ columns: ["id", "kind", "what", "for", "made"], rows }, "table");
}
