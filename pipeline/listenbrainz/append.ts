/**
 * The `listens` job: adds the listens received since the last run to the marts (appendPlays with the
 * receivedListens source), and removes the plays of deleted manual listens, in one transaction that also moves
 * the mark of what was added. Landing and adding are separate steps, so a player gets its answer as soon as its
 * listens are safe, whatever job holds the marts; a kill between the two loses nothing (the next run, at the
 * latest at the next start, adds them). A run that changes nothing costs a few small queries.
 */
import type { Job } from "../jobs/runner.ts";
import { appendPlays, receivedListens } from "../../warehouse/append.ts";
import type { BuildSettings } from "../../warehouse/build.ts";
import { readState, writeState } from "../../warehouse/state/warehouse_state.ts";

/** warehouse_state key: the id of the last received listen the marts were brought up to. */
const APPENDED_THROUGH = "listens_appended_through";

export function appendListensJob(settings: BuildSettings): Job {
  return {
    name: "listens",
    quiet: true,
    async run({ warehouse }) {
      return await warehouse.transaction(async () => {
        // Listens land one submission at a time, in id order, so none below the newest id can still arrive.
        const after = Number(await readState(warehouse, APPENDED_THROUGH) ?? 0);
        const [{ newest, listens }] = await warehouse.rows<{ newest: number | null; listens: number }>(
          "select max(listen_id) as newest, count(*) as listens from raw_submitted_listen where listen_id > $1",
          [after],
        );
        const { added, removed } = await appendPlays(warehouse, settings, receivedListens(after));
        if (newest !== null) await writeState(warehouse, APPENDED_THROUGH, String(newest));
        return { listens, newPlays: added, removedPlays: removed };
      });
    },
  };
}
