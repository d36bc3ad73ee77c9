/**
 * Listens received by this server land raw (raw_submitted_listen): every listen of one request in one
 * transaction, or none, with its listener, source and when it arrived. The marts follow with appendListens.
 */
import type { Warehouse } from "../../warehouse/duckdb.ts";
import landSql from "../../sql/load/land_listens.sql" with { type: "text" };

export type ListenSource = "submitted" | "manual";

export interface Landing {
  user: string;
  source: ListenSource;
  /** The token a player sent them with (absent for a manual listen). */
  tokenId?: number;
  /** Each listen as received: `{listened_at, track_metadata}`. */
  listens: unknown[];
}

/** Lands one submission; returns its id and the ids its listens got. Call it outside any other transaction. */
export async function landListens(
  warehouse: Warehouse,
  { user, source, tokenId, listens }: Landing,
): Promise<{ submissionId: number; listenIds: number[] }> {
  return await warehouse.transaction(async () => {
    const submissionId = await warehouse.value<number>("select nextval('raw_submission_id_seq')");
    await warehouse.run(landSql, [submissionId, user, source, tokenId ?? null, JSON.stringify(listens)]);
    const ids = await warehouse.rows<{ listen_id: number }>(
      "select listen_id from raw_submitted_listen where submission_id = $1 order by listen_id",
      [submissionId],
    );
    return { submissionId, listenIds: ids.map((row) => row.listen_id) };
  });
}

/** Removes a manual listen (raw); the next appendListens removes its play. False when there is none. */
export async function deleteManualListen(warehouse: Warehouse, listenId: number): Promise<boolean> {
  const deleted = await warehouse.rows(
    "delete from raw_submitted_listen where listen_id = $1 and source = 'manual' returning listen_id",
    [listenId],
  );
  return deleted.length > 0;
}
