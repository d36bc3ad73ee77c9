/**
 * An artist, track or album linked to its page, with a track's or album's artist beneath (linked when known):
 * the name cell of Top, Charts and Records.
 */
export function ItemName(
  { kind, item }: {
    kind: "artists" | "tracks" | "albums";
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
