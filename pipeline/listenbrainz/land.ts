/**
 * Listens received by this server land raw (raw_submitted_listen): every listen of one request in one
 * transaction, or none, with its listener, source and when it arrived (requests that arrive together may share
 * the transaction: one commit for many). The marts follow with the listens job.
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

/**
 * Lands submissions in one transaction (all of them, or none): each gets its own submission id, and its listens
 * their ids. Returns the ids, in the order given. Call it outside any other transaction.
 */
export async function landListens(
  warehouse: Warehouse,
  ...landings: Landing[]
): Promise<{ submissionId: number; listenIds: number[] }[]> {
  return await warehouse.transaction(async () => {
    const landed = [];
    for (const { user, source, tokenId, listens } of landings) {
      const submissionId = await warehouse.value<number>("select nextval('raw_submission_id_seq')");
      const ids = await warehouse.rows<{ listen_id: number }>(landSql, [
        submissionId,
        user,
        source,
        tokenId ?? null,
        JSON.stringify(listens),
      ]);
      landed.push({ submissionId, listenIds: ids.map((row) => row.listen_id).sort((a, b) => a - b) });
    }
    return landed;
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
