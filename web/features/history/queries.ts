/** The play log (History; the Overview shows its latest plays). */
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { select } from "../../../warehouse/select.ts";
import type { Period } from "../../period.ts";
import historySql from "./history.sql" with { type: "text" };
import searchSql from "./history_search.sql" with { type: "text" };

export interface HistoryRow {
  playedAt: Date;
  contentType: string;
  title: string | null;
  /** Artist (music) or show / book (podcasts, audiobooks). */
  by: string | null;
  album: string | null;
  /** For music: the detail pages' keys (as text). */
  trackKey: string | null;
  artistKey: string | null;
  albumKey: string | null;
  msPlayed: number;
  source: string;
  isCounted: boolean;
  /** Left out of statistics by an exclusion rule: listed here, marked, and nowhere else. */
  isExcluded: boolean;
  msIsEstimated: boolean;
}

/**
 * The play log, newest first, in a period, optionally only plays whose track, artist, album, episode or show
 * contains `search` (case-insensitive). Returns one page and the number of matching plays.
 */
export async function playHistory(
  warehouse: Warehouse,
  { period, search, limit, offset }: { period: Period; search: string; limit: number; offset: number },
): Promise<{ rows: HistoryRow[]; total: number }> {
  const range = { from_key: period.fromKey, to_key: period.toKey, limit, offset };
  const rows = search === ""
    ? await select<HistoryRow & { total: number }>(warehouse, historySql, range)
    : await select<HistoryRow & { total: number }>(warehouse, searchSql, { ...range, search });
  return { rows: rows.map(({ total: _total, ...row }) => row), total: rows[0]?.total ?? 0 };
}
