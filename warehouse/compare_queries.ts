/**
 * Reads for comparing two listeners of a household: who they are, how much of their music overlaps, how similar
 * their taste is, and who found each shared artist first. Marts only, bound parameters; music only.
 */
import type { Warehouse } from "./duckdb.ts";
import type { Period } from "./queries.ts";

export interface Listener {
  userName: string;
  plays: number;
  minutes: number;
}

/** Everyone with plays, most listening first. */
export async function listeners(warehouse: Warehouse): Promise<Listener[]> {
  const rows = await warehouse.rows<{ user_name: string; plays: number; ms: number }>(
    `select dim_user.user_name, count(*) filter (where fct_play.is_counted) as plays,
        coalesce(sum(fct_play.ms_played), 0)::double as ms
     from dim_user left join fct_play using (user_key)
     group by all
     order by ms desc, user_name`,
  );
  return rows.map((row) => ({ userName: row.user_name, plays: row.plays, minutes: row.ms / 60_000 }));
}

export interface SharedArtist {
  key: string;
  name: string;
  minutesA: number;
  minutesB: number;
  /** Who played the artist first (a counted play), or "same day". */
  firstBy: "a" | "b" | "same day";
  firstA: string;
  firstB: string;
}

export interface Comparison {
  artistsA: number;
  artistsB: number;
  shared: number;
  /** Shared artists over all artists either of them played (Jaccard), 0..1. */
  overlap: number;
  /**
   * Cosine similarity of the two listeners' minutes per artist, 0..1: 1 when they split their time across
   * artists in the same proportions, 0 when they share no artist.
   */
  similarity: number;
  /** Shared artists, by the smaller of the two listeners' minutes. */
  top: SharedArtist[];
  /** How many shared artists each found first. */
  foundFirstA: number;
  foundFirstB: number;
}

export async function compareListeners(
  warehouse: Warehouse,
  period: Period,
  { a, b, limit = 20 }: { a: string; b: string; limit?: number },
): Promise<Comparison> {
  const params = { from_key: period.fromKey, to_key: period.toKey, a, b };
  const per = `with per_user as (
        select dim_user.user_name, fct_play.artist_key, sum(fct_play.ms_played)::double as ms,
            min(fct_play.date_key) filter (where fct_play.is_counted) as first_key
        from fct_play join dim_user using (user_key)
        where fct_play.content_type = 'track' and fct_play.artist_key is not null
            and fct_play.date_key between $from_key and $to_key and dim_user.user_name in ($a, $b)
        group by all
     ),
     pairs as (
        select artist_key,
            coalesce(max(ms) filter (where user_name = $a), 0) as ms_a,
            coalesce(max(ms) filter (where user_name = $b), 0) as ms_b,
            min(first_key) filter (where user_name = $a) as first_a,
            min(first_key) filter (where user_name = $b) as first_b,
        from per_user
        group by artist_key
     )`;
  const [totals] = await warehouse.rows<
    {
      artists_a: number;
      artists_b: number;
      shared: number;
      dot: number;
      norm_a: number;
      norm_b: number;
      first_a: number;
      first_b: number;
    }
  >(
    `${per}
     select
        count(*) filter (where ms_a > 0) as artists_a,
        count(*) filter (where ms_b > 0) as artists_b,
        count(*) filter (where ms_a > 0 and ms_b > 0) as shared,
        coalesce(sum(ms_a * ms_b), 0) as dot,
        coalesce(sqrt(sum(ms_a * ms_a)), 0) as norm_a,
        coalesce(sqrt(sum(ms_b * ms_b)), 0) as norm_b,
        -- only skips (no counted play) count as never: the other found the artist first
        count(*) filter (where ms_a > 0 and ms_b > 0 and coalesce(first_a, 99999999) < coalesce(first_b, 99999999))
            as first_a,
        count(*) filter (where ms_a > 0 and ms_b > 0 and coalesce(first_b, 99999999) < coalesce(first_a, 99999999))
            as first_b,
     from pairs`,
    params,
  );
  const top = await warehouse.rows<
    { key: string; name: string; ms_a: number; ms_b: number; first_a: number | null; first_b: number | null }
  >(
    `${per}
     select dim_artist.artist_key::varchar as key, dim_artist.artist_name as name, ms_a, ms_b, first_a, first_b
     from pairs join dim_artist using (artist_key)
     where ms_a > 0 and ms_b > 0
     order by least(ms_a, ms_b) desc, name
     limit $limit`,
    { ...params, limit },
  );
  const day = (key: number | null) =>
    key === null ? "" : `${String(key).slice(0, 4)}-${String(key).slice(4, 6)}-${String(key).slice(6, 8)}`;
  const either = totals.artists_a + totals.artists_b - totals.shared;
  return {
    artistsA: totals.artists_a,
    artistsB: totals.artists_b,
    shared: totals.shared,
    overlap: either > 0 ? totals.shared / either : 0,
    similarity: totals.norm_a > 0 && totals.norm_b > 0 ? totals.dot / (totals.norm_a * totals.norm_b) : 0,
    top: top.map((row) => ({
      key: row.key,
      name: row.name,
      minutesA: row.ms_a / 60_000,
      minutesB: row.ms_b / 60_000,
      firstBy: (row.first_a ?? 99_999_999) === (row.first_b ?? 99_999_999)
        ? "same day"
        : (row.first_a ?? 99_999_999) < (row.first_b ?? 99_999_999)
        ? "a"
        : "b",
      firstA: day(row.first_a),
      firstB: day(row.first_b),
    })),
    foundFirstA: totals.first_a,
    foundFirstB: totals.first_b,
  };
}
