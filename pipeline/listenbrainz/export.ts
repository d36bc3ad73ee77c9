/**
 * `export --format listenbrainz`: every play as ListenBrainz listens, per listener, as JSON lines
 * (`listenbrainz_<user>.jsonl`, which this program's import reads back) and the same file in a ZIP
 * (`listenbrainz_<user>.zip`, what ListenBrainz's importer takes: listenbrainz.org → Settings → Import listens).
 * DuckDB writes the lines; the ZIP holds one user's file in memory while it is compressed (about 300 bytes a
 * play: ~100 MB for 350,000 plays).
 */
import { join } from "node:path";
import { APP_VERSION } from "../../config.ts";
import type { Warehouse } from "../../warehouse/duckdb.ts";
import { writeZip } from "../imports/zip/write.ts";
import listensSql from "../../sql/exports/listenbrainz_listens.sql" with { type: "text" };

export interface ListenBrainzExport {
  user: string;
  file: string;
  zip: string;
  listens: number;
  /** Plays without an artist or track name, which ListenBrainz cannot take. */
  leftOut: number;
}

export async function exportListenBrainz(warehouse: Warehouse, dir: string): Promise<ListenBrainzExport[]> {
  await Deno.mkdir(dir, { recursive: true });
  const users = await warehouse.rows<{ user_name: string }>(
    "select user_name from dim_user order by user_name",
  );
  const written: ListenBrainzExport[] = [];
  for (const { user_name: user } of users) {
    const file = join(dir, `listenbrainz_${user}.jsonl`);
    const zip = join(dir, `listenbrainz_${user}.zip`);
    // The statement is the .sql file's text; the user, version and file name are bound parameters.
    await warehouse.run(
      `copy (select line from (${listensSql}) where written)
       to $3 (format csv, header false, quote '', escape '', delimiter '\x1f')`,
      [user, APP_VERSION, file],
    );
    const [counts] = await warehouse.rows<{ listens: number; left_out: number }>(
      `select count(*) filter (where written) as listens, count(*) filter (where not written) as left_out
       from (${listensSql})`,
      [user, APP_VERSION],
    );
    await writeZip(zip, [{ name: `listenbrainz_${user}.jsonl`, data: await Deno.readFile(file) }]);
    written.push({ user, file, zip, listens: counts.listens, leftOut: counts.left_out });
  }
  return written;
}
