/** Where Top links to: its own pages (a kind, period, measure, page, comparison) and an item's page. */
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

/** An artist, track or album linked to its page; a track's or album's artist beneath, linked when known. */
export function ItemName(
  { kind, item }: {
    kind: TopKind;
    item: { key: string; name: string; artistName: string | null; artistKey: string | null };
  },
) {
  return (
    <>
      <a href={`/${kind}/${item.key}`}>{item.name}</a>
      {item.artistName && (
        <span class="secondary">
          {item.artistKey ? <a href={`/artists/${item.artistKey}`}>{item.artistName}</a> : item.artistName}
        </span>
      )}
    </>
  );
}
