/**
 * Comparing two listeners of a household: who they are, how much of their music overlaps, how similar their
 * taste is, and who found each shared artist first. Music only.
 */
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { select } from "../../../warehouse/select.ts";
import type { Period } from "../../period.ts";
import comparisonSql from "./comparison.sql" with { type: "text" };

export interface Listener {
  userName: string;
  plays: number;
  minutes: number;
}

/** Everyone with plays, most listening first. */
export async function listeners(warehouse: Warehouse): Promise<Listener[]> {
  return await select<Listener>(
    warehouse,
    `select dim_user.user_name, count(*) filter (where fct_play.is_counted) as plays,
        coalesce(sum(fct_play.ms_played), 0)::double / 60000 as minutes
     from dim_user left join fct_play using (user_key) group by all order by minutes desc, user_name`,
  );
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

interface ComparisonRow {
  artistsA: number;
  artistsB: number;
  shared: number;
  dot: number;
  normA: number;
  normB: number;
  foundFirstA: number;
  foundFirstB: number;
  key: string | null;
  name: string;
  minutesA: number;
  minutesB: number;
  firstA: number | null;
  firstB: number | null;
}

/** A date key that never comes: a listener who only skipped an artist never found it. */
const NEVER = 99_999_999;

export async function compareListeners(
  warehouse: Warehouse,
  period: Period,
  { a, b, limit = 20 }: { a: string; b: string; limit?: number },
): Promise<Comparison> {
  const rows = await select<ComparisonRow>(warehouse, comparisonSql, {
    from_key: period.fromKey,
    to_key: period.toKey,
    a,
    b,
    limit,
  });
  const totals = rows[0];
  const day = (key: number | null) =>
    key === null ? "" : `${String(key).slice(0, 4)}-${String(key).slice(4, 6)}-${String(key).slice(6, 8)}`;
  const either = totals.artistsA + totals.artistsB - totals.shared;
  return {
    artistsA: totals.artistsA,
    artistsB: totals.artistsB,
    shared: totals.shared,
    overlap: either > 0 ? totals.shared / either : 0,
    similarity: totals.normA > 0 && totals.normB > 0 ? totals.dot / (totals.normA * totals.normB) : 0,
    top: rows.filter((row) => row.key !== null).map((row) => ({
      key: row.key!,
      name: row.name,
      minutesA: row.minutesA,
      minutesB: row.minutesB,
      firstBy: (row.firstA ?? NEVER) === (row.firstB ?? NEVER)
        ? "same day"
        : (row.firstA ?? NEVER) < (row.firstB ?? NEVER)
        ? "a"
        : "b",
      firstA: day(row.firstA),
      firstB: day(row.firstB),
    })),
    foundFirstA: totals.foundFirstA,
    foundFirstB: totals.foundFirstB,
  };
}
