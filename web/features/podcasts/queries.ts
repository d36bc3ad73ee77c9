/** Podcasts and audiobooks: shows and books by minutes, and minutes per year beside music. */
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { select } from "../../../warehouse/select.ts";
import type { Period } from "../../period.ts";
import showMinutesSql from "./show_minutes.sql" with { type: "text" };
import spokenByYearSql from "./spoken_by_year.sql" with { type: "text" };

export interface ShowMinutes {
  /** The podcast show or the audiobook. */
  show: string;
  /** Distinct episodes or chapters played. */
  episodes: number;
  minutes: number;
  lastPlayed: Date;
}

/** Podcast shows or audiobooks in a period, most listened first. Music never appears here. */
export async function showMinutes(
  warehouse: Warehouse,
  period: Period,
  contentType: "episode" | "audiobook",
  { limit = 25 }: { limit?: number } = {},
): Promise<ShowMinutes[]> {
  return await select<ShowMinutes>(warehouse, showMinutesSql, {
    content_type: contentType,
    from_key: period.fromKey,
    to_key: period.toKey,
    limit,
  });
}

export interface SpokenYear {
  year: number;
  podcastMinutes: number;
  audiobookMinutes: number;
  /** For comparison: music minutes that year. */
  musicMinutes: number;
}

/** Minutes of podcasts, audiobooks and music per local year in a period. */
export async function spokenByYear(warehouse: Warehouse, period: Period): Promise<SpokenYear[]> {
  return await select<SpokenYear>(warehouse, spokenByYearSql, [period.fromKey, period.toKey]);
}
