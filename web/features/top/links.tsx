/** Where Top links to: its own pages (a kind, period, measure, page, comparison). */
import type { RankBy, TopKind } from "./queries.ts";

/** /top/<kind> with its query: the period and measure always, the page and comparison when they are chosen. */
export function topUrl(
  kind: TopKind,
  { period, by, page = 1, compare = false }: { period: string; by: RankBy; page?: number; compare?: boolean },
): string {
  const query = new URLSearchParams({ period, by });
  if (page > 1) query.set("page", String(page));
  if (compare) query.set("compare", "previous");
  return `/top/${kind}?${query}`;
}
