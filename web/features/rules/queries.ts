/** What the Rules page and an item's rules read: the item itself, what it could merge into, likely duplicates. */
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { select, selectRow } from "../../../warehouse/select.ts";
import type { Rule, RuleItem } from "../../../warehouse/state/rules.ts";
import itemIdentitySql from "./item_identity.sql" with { type: "text" };
import mergeCandidatesSql from "./merge_candidates.sql" with { type: "text" };
import mergedIntoSql from "./merged_into.sql" with { type: "text" };
import suggestionsSql from "./suggestions.sql" with { type: "text" };

export type MusicItem = Exclude<RuleItem, "show">;

export const MUSIC_ITEMS: readonly MusicItem[] = ["artist", "track", "album"];

export interface RuledItem {
  item: MusicItem;
  key: string;
  name: string;
  /** What rules name it by: an artist's compared name, a track's or album's key. */
  identity: string;
  /** A track's or album's artist. */
  by: string | null;
}

export async function ruledItem(
  warehouse: Warehouse,
  item: MusicItem,
  key: bigint,
): Promise<RuledItem | undefined> {
  const row = await selectRow<Omit<RuledItem, "item" | "key">>(warehouse, itemIdentitySql, { item, key });
  return row ? { ...row, item, key: key.toString() } : undefined;
}

export interface Candidate {
  key: string;
  name: string;
  /** What a rule names it by (see RuledItem). */
  identity: string;
  by: string | null;
  plays: number;
}

/** Up to 20 others of `item`'s kind whose name (or artist's) holds `search`, most played first. */
export async function mergeCandidates(
  warehouse: Warehouse,
  item: MusicItem,
  key: bigint,
  search: string,
): Promise<Candidate[]> {
  return await select<Candidate>(warehouse, mergeCandidatesSql, { item, key, search });
}

/** Where a merged artist, track or album ended up (its page sends there); undefined when not merged. */
export async function mergedInto(
  warehouse: Warehouse,
  item: MusicItem,
  key: bigint,
): Promise<string | undefined> {
  const row = await selectRow<{ intoKey: string }>(warehouse, mergedIntoSql, { item, key });
  return row?.intoKey;
}

export interface Suggestion {
  item: MusicItem;
  key: string;
  name: string;
  /** What a rule names each by (see RuledItem). */
  identity: string;
  plays: number;
  intoKey: string;
  intoName: string;
  intoIdentity: string;
  reason: string;
}

export async function suggestions(warehouse: Warehouse): Promise<Suggestion[]> {
  return await select<Suggestion>(warehouse, suggestionsSql);
}

/** The rules about one item: those naming it, and the merges into it. */
export function rulesOf(rules: Rule[], item: RuledItem): Rule[] {
  return rules.filter((rule) =>
    rule.kind.endsWith(`-${item.item}`) && (rule.subject === item.identity || rule.target === item.identity)
  );
}
