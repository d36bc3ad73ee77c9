/**
 * The listener's rules (`rule`): merge, rename and exclude artists, tracks, albums and shows, and the separators
 * that split multi-artist credits. The one module that reads or writes the table. A rule is checked here before
 * it is kept (it must name something played, make no cycle, merge nothing into itself, repeat no rule); the
 * models apply the rules (warehouse/build.ts, RULE_MODELS), and warehouse/rules_change.ts rebuilds the marts in
 * the same transaction.
 */
import type { Warehouse } from "../duckdb.ts";
import { RULE_MODELS, runModels } from "../build.ts";
import { select, selectRow } from "../select.ts";
import { readSql } from "../sql_files.ts";
import { UserError } from "../../lib/errors.ts";

export const RULE_KINDS = [
  "merge-artist",
  "rename-artist",
  "exclude-artist",
  "merge-track",
  "rename-track",
  "exclude-track",
  "merge-album",
  "rename-album",
  "exclude-album",
  "exclude-show",
  "split-artists",
] as const;

export type RuleKind = typeof RULE_KINDS[number];
export type RuleItem = "artist" | "track" | "album" | "show";

/** A rule refused: it names nothing played, would make a cycle, repeats a rule … Nothing was changed. */
export class RuleError extends UserError {}

export interface Rule {
  id: number;
  kind: RuleKind;
  /** The artist's or show's compared name, the track's or album's key; split-artists: the separators (JSON). */
  subject: string;
  /** merge: what it goes into (compared name or key); rename: the new name. */
  target: string | null;
  /** The names shown when the rule was made. */
  subjectName: string | null;
  targetName: string | null;
  /** An exclusion for one listener; null: everyone. */
  user: string | null;
  createdAt: Date;
}

/** A rule as asked for: names for artists and shows, keys for tracks and albums. */
export interface NewRule {
  kind: string;
  subject: string;
  /** merge: what to merge into; rename: the new name. */
  target?: string;
  /** exclude-*: only this listener's plays. */
  user?: string;
}

/** The longest name a rename may give (as the longest name an import keeps). */
export const MAX_NAME_LENGTH = 1_000;

/** Every rule, oldest first. */
export async function listRules(warehouse: Warehouse): Promise<Rule[]> {
  return await select<Rule>(
    warehouse,
    `select rule_id as id, kind, subject, target, subject_name, target_name, user_name as "user", created_at
     from rule order by rule_id`,
  );
}

export function isRuleKind(kind: string): kind is RuleKind {
  return (RULE_KINDS as readonly string[]).includes(kind);
}

/** What a kind acts on: `merge-track` → track. */
export function ruleItem(kind: RuleKind): RuleItem | undefined {
  const item = kind.split("-")[1];
  return item === "artists" ? undefined : item as RuleItem;
}

/**
 * Checks `asked` against the marts as they are and keeps it; returns the rule kept. A RuleError (nothing kept)
 * says what is wrong. Call it in the transaction that rebuilds the marts after it.
 */
export async function addRule(warehouse: Warehouse, asked: NewRule): Promise<Rule> {
  const kind = asked.kind.trim();
  if (!isRuleKind(kind)) {
    throw new RuleError(`There is no rule "${clip(kind)}": use one of ${RULE_KINDS.join(", ")}`);
  }
  await runModels(warehouse, RULE_MODELS);
  const rules = await listRules(warehouse);
  if (kind === "split-artists") return await keep(warehouse, await splitRule(asked, rules));
  const item = ruleItem(kind)!;
  const [action] = kind.split("-");
  const subject = await identify(warehouse, item, asked.subject);
  const known = await knownItem(warehouse, item, subject);
  if (!known) throw new RuleError(`No ${item} ${describe(item, asked.subject)} has been played`);
  const user = asked.user?.trim() || null;
  if (user !== null && action !== "exclude") {
    throw new RuleError(`--user goes with an exclusion, not ${kind}`);
  }
  if (action === "merge") {
    if (!asked.target?.trim()) throw new RuleError(`${kind} needs what to merge ${known.name} into`);
    const target = await identify(warehouse, item, asked.target);
    const into = await knownItem(warehouse, item, target);
    if (!into) throw new RuleError(`No ${item} ${describe(item, asked.target)} has been played`);
    const earlier = rules.find((rule) => rule.kind === kind && rule.subject === subject.text);
    if (earlier) {
      throw new RuleError(
        `${known.name} is already merged into ${earlier.targetName} (rule ${earlier.id}): undo that rule first`,
      );
    }
    // Where the target ends up: back at the subject means a cycle; the subject itself means a self-merge.
    const ends = into.mergedInto ?? target.key;
    if (target.key === subject.key || ends === subject.key) {
      throw new RuleError(
        target.key === subject.key
          ? `Cannot merge ${known.name} into itself`
          : `Merging ${known.name} into ${into.name} would make a cycle: ${into.name} is merged into ${known.name}`,
      );
    }
    return await keep(warehouse, {
      kind,
      subject: subject.text,
      target: target.text,
      subjectName: known.name,
      targetName: into.name,
      user: null,
    });
  }
  if (known.mergedInto !== null) {
    throw new RuleError(`${known.name} is merged into another ${item}: ${action} that one instead`);
  }
  if (action === "rename") {
    const name = (asked.target ?? "").normalize("NFC").trim();
    if (!name) throw new RuleError(`${kind} needs the new name`);
    if (name.length > MAX_NAME_LENGTH) {
      throw new RuleError(
        `A name may have at most ${MAX_NAME_LENGTH} characters; this one has ${name.length}`,
      );
    }
    if (/\p{Cc}/u.test(name)) throw new RuleError("A name cannot hold control characters");
    return await keep(warehouse, {
      kind,
      subject: subject.text,
      target: name,
      subjectName: known.name,
      targetName: name,
      user: null,
    });
  }
  // exclude
  if (user !== null) {
    const listener = await warehouse.value<number>("select count(*) from dim_user where user_name = $1", [
      user,
    ]);
    if (listener === 0) throw new RuleError(`There is no listener "${clip(user)}"`);
  }
  const earlier = rules.find((rule) =>
    rule.kind === kind && rule.subject === subject.text && rule.user === user
  );
  if (earlier) throw new RuleError(`${known.name} is already excluded (rule ${earlier.id})`);
  return await keep(warehouse, {
    kind,
    subject: subject.text,
    target: null,
    subjectName: known.name,
    targetName: null,
    user,
  });
}

/** Forgets rule `id`; returns it. A RuleError when there is none. Call it in the transaction that rebuilds. */
export async function removeRule(warehouse: Warehouse, id: number): Promise<Rule> {
  if (!Number.isSafeInteger(id) || id < 1) throw new RuleError(`A rule's id is a whole number, got "${id}"`);
  const rule = (await listRules(warehouse)).find((candidate) => candidate.id === id);
  if (!rule) throw new RuleError(`There is no rule ${id}`);
  await warehouse.run("delete from rule where rule_id = $1", [id]);
  return rule;
}

/** One line saying what a rule does, in words: `artist “Simone, Nina” merged into “Nina Simone”`. */
export function describeRule(rule: Rule): string {
  const [action, item] = rule.kind.split("-");
  if (rule.kind === "split-artists") return `split artist credits at ${rule.subject}`;
  if (action === "merge") return `${item} “${rule.subjectName}” merged into “${rule.targetName}”`;
  if (action === "rename") return `${item} “${rule.subjectName}” shown as “${rule.targetName}”`;
  return `${item} “${rule.subjectName}” excluded${rule.user ? ` for ${rule.user}` : ""}`;
}

/** The identity a rule keeps for `given`: a compared name for artists and shows, a key for tracks and albums. */
async function identify(
  warehouse: Warehouse,
  item: RuleItem,
  given: string,
): Promise<{ text: string; key: string }> {
  if (item === "track" || item === "album") {
    const text = given.trim();
    if (!/^\d{1,19}$/.test(text)) {
      throw new RuleError(
        `A ${item} is named by its key (the number in its page's address), got "${clip(given)}"`,
      );
    }
    return { text, key: BigInt(text).toString() };
  }
  const row = await selectRow<{ compared: string | null; key: string | null }>(
    warehouse,
    "select compared_name($1) as compared, surrogate_key($2 || compared_name($1)) as key",
    [given, `${item}:`],
  );
  if (!row?.compared || !row.key) throw new RuleError(`An ${item} needs a name`);
  return { text: row.compared, key: row.key };
}

async function knownItem(
  warehouse: Warehouse,
  item: RuleItem,
  identity: { text: string; key: string },
): Promise<{ name: string; mergedInto: string | null } | undefined> {
  const row = await selectRow<{ name: string; mergedInto: string | null }>(
    warehouse,
    await readSql("state/rule_known_item.sql"),
    [item, identity.key, identity.text],
  );
  return row ?? undefined;
}

/** split-artists: one rule at most, its separators as JSON (a JSON list or text with one separator per line). */
function splitRule(asked: NewRule, rules: Rule[]): Omit<Rule, "id" | "createdAt"> {
  const earlier = rules.find((rule) => rule.kind === "split-artists");
  if (earlier) throw new RuleError(`Credits are already split (rule ${earlier.id}): undo that rule first`);
  let separators: unknown;
  try {
    separators = asked.subject.trim().startsWith("[")
      ? JSON.parse(asked.subject)
      : asked.subject.split(/\r?\n/);
  } catch {
    throw new RuleError("The separators are a JSON list of texts, or one per line");
  }
  if (!Array.isArray(separators) || separators.some((separator) => typeof separator !== "string")) {
    throw new RuleError("The separators are a JSON list of texts, or one per line");
  }
  const kept = [...new Set((separators as string[]).filter((separator) => separator.trim() !== ""))];
  if (kept.length === 0) throw new RuleError('split-artists needs at least one separator, e.g. " feat. "');
  if (kept.length > 20 || kept.some((separator) => separator.length > 20)) {
    throw new RuleError("At most 20 separators of at most 20 characters each");
  }
  const subject = JSON.stringify(kept);
  return { kind: "split-artists", subject, target: null, subjectName: subject, targetName: null, user: null };
}

async function keep(warehouse: Warehouse, rule: Omit<Rule, "id" | "createdAt">): Promise<Rule> {
  const [row] = await select<{ id: number; createdAt: Date }>(
    warehouse,
    `insert into rule
     select coalesce(max(rule_id), 0) + 1, $1, $2, $3, $4, $5, $6, now() from rule
     returning rule_id as id, created_at`,
    [rule.kind, rule.subject, rule.target, rule.subjectName, rule.targetName, rule.user],
  );
  return { ...rule, id: row.id, createdAt: row.createdAt, kind: rule.kind };
}

function describe(item: RuleItem, given: string): string {
  return item === "track" || item === "album" ? `with key ${clip(given)}` : `named "${clip(given)}"`;
}

/** Long input is cut in messages. */
function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
