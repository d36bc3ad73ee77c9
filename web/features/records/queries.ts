/**
 * Records, as Maloja keeps them: certifications by all-time counted plays (a track gold at 250, platinum at 500,
 * diamond at 1000; an album at 500, 750, 1500; an artist by the best of its top track and top album), weeks at
 * #1 of the weekly charts, and year medals (ranked 1, 2, 3 in a finished year). Excluded plays never count.
 */
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { select, selectRow } from "../../../warehouse/select.ts";
import certifiedSql from "./certified.sql" with { type: "text" };
import itemCertificationSql from "./item_certification.sql" with { type: "text" };
import medalsSql from "./medals.sql" with { type: "text" };
import weeksAtOneSql from "./weeks_at_one.sql" with { type: "text" };

export type RecordKind = "artists" | "tracks" | "albums";
export type Certification = "gold" | "platinum" | "diamond";
export type Medal = "gold" | "silver" | "bronze";

/** Counted plays from which a track or an album is certified (Maloja's SCROBBLES_GOLD … defaults). */
export const THRESHOLDS: Record<"track" | "album", Record<Certification, number>> = {
  track: { gold: 250, platinum: 500, diamond: 1000 },
  album: { gold: 500, platinum: 750, diamond: 1500 },
};

const LEVELS: Certification[] = ["diamond", "platinum", "gold"];

/** The certification `plays` earn a track or an album, or null below gold. */
export function certificationOf(kind: "track" | "album", plays: number): Certification | null {
  return LEVELS.find((level) => plays >= THRESHOLDS[kind][level]) ?? null;
}

/** The better of two certifications (null: none). */
export function bestCertification(...levels: (Certification | null)[]): Certification | null {
  return LEVELS.find((level) => levels.includes(level)) ?? null;
}

/** The medal of a year rank 1, 2 or 3. */
export function medalOf(rank: number): Medal | null {
  return rank === 1 ? "gold" : rank === 2 ? "silver" : rank === 3 ? "bronze" : null;
}

/** What a certification rests on: the item's own plays, or (an artist's) its top track's or top album's. */
export interface ItemCertification {
  level: Certification | null;
  plays: number;
  topTrack: { key: string; name: string; plays: number; level: Certification | null } | null;
  topAlbum: { key: string; name: string; plays: number; level: Certification | null } | null;
}

interface CertificationRow {
  plays: number;
  topTrackKey: string | null;
  topTrackName: string | null;
  topTrackPlays: number | null;
  topAlbumKey: string | null;
  topAlbumName: string | null;
  topAlbumPlays: number | null;
}

function certify(kind: "artist" | "track" | "album", row: CertificationRow): ItemCertification {
  const topTrack = row.topTrackKey === null ? null : {
    key: row.topTrackKey,
    name: row.topTrackName ?? "",
    plays: row.topTrackPlays ?? 0,
    level: certificationOf("track", row.topTrackPlays ?? 0),
  };
  const topAlbum = row.topAlbumKey === null ? null : {
    key: row.topAlbumKey,
    name: row.topAlbumName ?? "",
    plays: row.topAlbumPlays ?? 0,
    level: certificationOf("album", row.topAlbumPlays ?? 0),
  };
  const level = kind === "artist"
    ? bestCertification(topTrack?.level ?? null, topAlbum?.level ?? null)
    : certificationOf(kind, row.plays);
  return { level, plays: row.plays, topTrack, topAlbum };
}

/** One artist's, track's or album's certification. */
export async function itemCertification(
  warehouse: Warehouse,
  kind: "artist" | "track" | "album",
  key: bigint,
): Promise<ItemCertification> {
  const row = await selectRow<CertificationRow>(warehouse, itemCertificationSql, { kind, key });
  return certify(kind, row!);
}

export interface RecordItem {
  key: string;
  name: string;
  /** The artist, for tracks and albums. */
  artistKey: string | null;
  artistName: string | null;
}

export type CertifiedItem = RecordItem & ItemCertification & { level: Certification };

/** Every certified artist, track or album, most played first. */
export async function certifiedItems(warehouse: Warehouse, kind: RecordKind): Promise<CertifiedItem[]> {
  const rows = await select<RecordItem & CertificationRow>(warehouse, certifiedSql, {
    kind,
    track_gold: THRESHOLDS.track.gold,
    album_gold: THRESHOLDS.album.gold,
  });
  return rows.map((row) => ({
    key: row.key,
    name: row.name,
    artistKey: row.artistKey,
    artistName: row.artistName,
    ...certify(singular(kind), row),
  })).filter((item): item is CertifiedItem => item.level !== null);
}

export type WeeksAtOne = RecordItem & {
  weeks: number;
  /** Mondays (yyyymmdd) of the first and the latest week at #1. */
  firstWeek: number;
  latestWeek: number;
};

/** The items #1 of the most finished weeks (weeks starting before `before`, a Monday's date_key). */
export async function weeksAtOne(
  warehouse: Warehouse,
  kind: RecordKind,
  { before, limit = 20 }: { before: number; limit?: number },
): Promise<WeeksAtOne[]> {
  return await select<WeeksAtOne>(warehouse, weeksAtOneSql, { kind, before, limit });
}

export type YearMedal = RecordItem & { year: number; rank: number; plays: number; medal: Medal };

/** The podium (ranks 1 to 3, ties sharing) of every finished year, the years before `beforeYear`. */
export async function yearMedals(
  warehouse: Warehouse,
  kind: RecordKind,
  { beforeYear }: { beforeYear: number },
): Promise<YearMedal[]> {
  const rows = await select<Omit<YearMedal, "medal">>(warehouse, medalsSql, {
    kind,
    before_year: beforeYear,
  });
  return rows.map((row) => ({ ...row, medal: medalOf(row.rank)! }));
}

function singular(kind: RecordKind): "artist" | "track" | "album" {
  return kind === "artists" ? "artist" : kind === "tracks" ? "track" : "album";
}

/**
 * The local day `now` is in (yyyymmdd), and where the finished periods end: weeks before this week's Monday and
 * years before this year count for weeks at #1 and medals (the current ones may still change).
 */
export function unfinished(now: Date, timezone: string): { today: number; weekStart: number; year: number } {
  const [year, month, day] = new Intl.DateTimeFormat("en-CA", { timeZone: timezone }).format(now).split("-")
    .map(Number);
  const today = new Date(Date.UTC(year, month - 1, day));
  const monday = new Date(today.getTime() - ((today.getUTCDay() + 6) % 7) * 86_400_000);
  return {
    today: year * 10_000 + month * 100 + day,
    weekStart: monday.getUTCFullYear() * 10_000 + (monday.getUTCMonth() + 1) * 100 + monday.getUTCDate(),
    year,
  };
}
