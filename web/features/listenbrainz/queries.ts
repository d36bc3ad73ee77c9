/** What the ListenBrainz-compatible API reads: a listener's plays as listens. */
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { select } from "../../../warehouse/select.ts";
import userListensSql from "./user_listens.sql" with { type: "text" };

export interface UserListens {
  listens: Record<string, unknown>[];
  latestListenTs: number | null;
  oldestListenTs: number | null;
}

interface Row {
  playKey: string | null;
  listenedAt: number;
  insertedAt: number;
  msPlayed: number;
  source: string;
  client: string | null;
  trackName: string;
  trackUri: string | null;
  artistName: string | null;
  albumName: string | null;
  oldestListenTs: number | null;
  latestListenTs: number | null;
}

/**
 * `user`'s plays as ListenBrainz listens, newest first: after `minTs` and before `maxTs` (Unix seconds, both
 * exclusive) when given, at most `count`. With a `minTs` alone, the `count` listens right after it.
 */
export async function userListens(
  warehouse: Warehouse,
  user: string,
  { minTs, maxTs, count }: { minTs?: number; maxTs?: number; count: number },
): Promise<UserListens> {
  const rows = await select<Row>(warehouse, userListensSql, [
    user,
    minTs ?? null,
    maxTs ?? null,
    count,
    minTs !== undefined && maxTs === undefined,
  ]);
  return {
    listens: rows.filter((row) => row.playKey !== null).map((row) => ({
      inserted_at: row.insertedAt,
      listened_at: row.listenedAt,
      recording_msid: msid(row.playKey!),
      user_name: user,
      track_metadata: {
        artist_name: row.artistName ?? "",
        track_name: row.trackName,
        ...(row.albumName ? { release_name: row.albumName } : {}),
        additional_info: {
          duration_ms: row.msPlayed,
          ...(row.client ? { submission_client: row.client } : {}),
          ...(row.trackUri?.startsWith("spotify:track:")
            ? {
              spotify_id: `https://open.spotify.com/track/${row.trackUri.slice(14)}`,
              music_service: "spotify.com",
            }
            : {}),
        },
      },
    })),
    latestListenTs: rows[0]?.latestListenTs ?? null,
    oldestListenTs: rows[0]?.oldestListenTs ?? null,
  };
}

/** How many music plays `user` has (GET /1/user/<name>/listen-count). */
export async function listenCount(warehouse: Warehouse, user: string): Promise<number> {
  return await warehouse.value<number>(
    "select count(*) from fct_play join dim_user using (user_key) where user_name = $1 and content_type = 'track'",
    [user],
  );
}

/** A stable UUID-shaped id for a play (ListenBrainz's recording_msid names a listen's recording the same way). */
export function msid(key: string): string {
  const hex = BigInt(key).toString(16).padStart(16, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8000-${
    hex.padStart(12, "0").slice(-12)
  }`;
}
