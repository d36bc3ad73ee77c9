/** Genres: listening by genre family and fine genre, each year's mix, and how much enrichment can place. */
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { select, selectRow } from "../../../warehouse/select.ts";
import type { Period } from "../../period.ts";
import enrichedShareSql from "./enriched_share.sql" with { type: "text" };
import genreMinutesSql from "./genre_minutes.sql" with { type: "text" };
import parentGenresByYearSql from "./parent_genres_by_year.sql" with { type: "text" };
import topGenresPerYearSql from "./top_genres_per_year.sql" with { type: "text" };

export interface EnrichedShare {
  /** Minutes of music (tracks, not podcasts) in the period. */
  musicMinutes: number;
  /** Of those, minutes whose artist has a genre, and whose artist has a known country. */
  withGenreMinutes: number;
  withOriginMinutes: number;
}

/** How much of a period's music the genre and geography pages can place. */
export async function enrichedShare(warehouse: Warehouse, period: Period): Promise<EnrichedShare> {
  return (await selectRow<EnrichedShare>(warehouse, enrichedShareSql, {
    from_key: period.fromKey,
    to_key: period.toKey,
  }))!;
}

export interface GenreMinutes {
  genre: string;
  /** The roll-up genre (dim_genre.parent_genre); equal to `genre` for parent rows. */
  parent: string;
  /** Listening minutes, each artist's time split across its genres by weight. */
  minutes: number;
  /** Share of the period's music minutes that have a genre, 0..1. */
  share: number;
  /** Artists with this genre played in the period. */
  artists: number;
}

/** Listening per genre in a period, at the parent level or the fine level (most listened first). */
export async function genreMinutes(
  warehouse: Warehouse,
  period: Period,
  { level, limit = 100 }: { level: "parent" | "genre"; limit?: number },
): Promise<GenreMinutes[]> {
  return await select<GenreMinutes>(warehouse, genreMinutesSql, {
    from_key: period.fromKey,
    to_key: period.toKey,
    level,
    limit,
  });
}

export interface YearGenreMinutes {
  year: number;
  parent: string;
  minutes: number;
}

/** Listening per local year and parent genre, every year with plays (for the share-over-time chart). */
export async function parentGenresByYear(warehouse: Warehouse, period: Period): Promise<YearGenreMinutes[]> {
  return await select<YearGenreMinutes>(warehouse, parentGenresByYearSql, [period.fromKey, period.toKey]);
}

export interface YearTopGenre {
  year: number;
  rank: number;
  genre: string;
  share: number;
}

/** The three most listened fine genres of each local year, with their share of that year's genre minutes. */
export async function topGenresPerYear(warehouse: Warehouse, period: Period): Promise<YearTopGenre[]> {
  return await select<YearTopGenre>(warehouse, topGenresPerYearSql, [period.fromKey, period.toKey]);
}
