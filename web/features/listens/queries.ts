/** What the Listens page reads: the listens typed in by hand. */
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { select } from "../../../warehouse/select.ts";
import manualListensSql from "./manual_listens.sql" with { type: "text" };

export interface ManualListen {
  listenId: number;
  userName: string;
  startedAt: Date;
  seconds: number;
  msIsEstimated: boolean;
  trackName: string;
  artistName: string | null;
  albumName: string | null;
}

export async function manualListens(warehouse: Warehouse, { limit = 100 } = {}): Promise<ManualListen[]> {
  return await select<ManualListen>(warehouse, manualListensSql, [limit]);
}
