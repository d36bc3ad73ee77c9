/** An artist's, track's or album's own page: what it is, how much it was played, per month, its tracks. */
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { select, selectRow } from "../../../warehouse/select.ts";
import artistSql from "./artist.sql" with { type: "text" };
import trackSql from "./track.sql" with { type: "text" };
import albumSql from "./album.sql" with { type: "text" };
import itemTotalsSql from "./item_totals.sql" with { type: "text" };
import itemMonthlySql from "./item_monthly.sql" with { type: "text" };
import itemTracksSql from "./item_tracks.sql" with { type: "text" };
import artistAlbumsSql from "./artist_albums.sql" with { type: "text" };

export type DetailKind = "artist" | "track" | "album";

/** What a detail page says about one artist, track or album (enrichment facts are null until enriched). */
export interface ItemDetail {
  kind: DetailKind;
  /** A surrogate key: 60 bits, more than a JS number holds exactly, so passed around as text or bigint. */
  key: string;
  name: string;
  artistKey: string | null;
  artistName: string | null;
  albumKey: string | null;
  albumName: string | null;
  plays: number;
  minutes: number;
  /** Share of all music minutes, 0..1. */
  share: number;
  firstPlayed: Date | null;
  lastPlayed: Date | null;
  // artist
  artistType: string | null;
  originCountry: string | null;
  originArea: string | null;
  lifeSpan: string | null;
  musicbrainzId: string | null;
  genres: string[];
  // track
  durationMs: number | null;
  explicit: boolean | null;
  isrc: string | null;
  // album
  releaseDate: string | null;
  albumType: string | null;
  totalTracks: number | null;
}

type ItemRow = Omit<
  ItemDetail,
  "kind" | "plays" | "minutes" | "share" | "firstPlayed" | "lastPlayed" | "genres"
>;

const ITEM_SQL: Record<DetailKind, string> = { artist: artistSql, track: trackSql, album: albumSql };

/** The detail of one artist, track or album, or undefined when the key is unknown. */
export async function itemDetail(
  warehouse: Warehouse,
  kind: DetailKind,
  key: bigint,
): Promise<ItemDetail | undefined> {
  const item = await selectRow<ItemRow>(warehouse, ITEM_SQL[kind], { key });
  if (!item) return undefined;
  const totals = (await selectRow<
    { plays: number; ms: number; firstPlayed: Date | null; lastPlayed: Date | null; allMs: number }
  >(warehouse, itemTotalsSql, { kind, key }))!;
  const genres = kind === "artist"
    ? (await warehouse.rows<{ genre_name: string }>(
      `select dim_genre.genre_name from bridge_artist_genre join dim_genre using (genre_key)
       where artist_key = $1 order by weight desc, genre_name`,
      [key],
    )).map((genre) => genre.genre_name)
    : [];
  return {
    ...item,
    kind,
    plays: totals.plays,
    minutes: totals.ms / 60_000,
    share: totals.allMs > 0 ? totals.ms / totals.allMs : 0,
    firstPlayed: totals.firstPlayed,
    lastPlayed: totals.lastPlayed,
    genres,
  };
}

export interface MonthMinutes {
  /** First day of the local month, as yyyy-mm-01. */
  month: string;
  minutes: number;
  plays: number;
}

/** Minutes and counted plays per local month for one artist, track or album (months without plays left out). */
export async function itemMonthly(
  warehouse: Warehouse,
  kind: DetailKind,
  key: bigint,
): Promise<MonthMinutes[]> {
  return await select<MonthMinutes>(warehouse, itemMonthlySql, { kind, key });
}

export interface ItemTrack {
  key: string;
  name: string;
  plays: number;
  minutes: number;
  /** Credited as a featured artist, not the primary one (artist pages only). */
  featured: boolean;
}

/**
 * The tracks of an artist or album, most played first; for an artist also the tracks it is featured on (from
 * Spotify's credits, once enriched).
 */
export async function itemTracks(
  warehouse: Warehouse,
  kind: "artist" | "album",
  key: bigint,
  { limit = 25 }: { limit?: number } = {},
): Promise<ItemTrack[]> {
  return await select<ItemTrack>(warehouse, itemTracksSql, { kind, key, limit });
}

/** The albums of an artist, most played first. */
export async function artistAlbums(
  warehouse: Warehouse,
  key: bigint,
  { limit = 25 } = {},
): Promise<ItemTrack[]> {
  return await select<ItemTrack>(warehouse, artistAlbumsSql, { key, limit });
}
