/** Shared test setup: a fresh warehouse file in a temp folder, removed afterwards. */
import { join } from "node:path";
import type { Warehouse } from "../warehouse/duckdb.ts";
import type { BuildSettings } from "../warehouse/build.ts";
import { openWarehouse } from "../warehouse/migrate.ts";

export const TESTDATA = new URL("./testdata/", import.meta.url).pathname;
export const EXPORT_EXTENDED = join(TESTDATA, "export", "extended");
export const EXPORT_ACCOUNT = join(TESTDATA, "export", "account");
export const UTC_SETTINGS: BuildSettings = { timezone: "UTC", minPlayMs: 30_000 };

export async function withWarehouse(
  fn: (warehouse: Warehouse, dir: string) => Promise<void>,
  settings: BuildSettings = UTC_SETTINGS,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-test-" });
  const warehouse = await openWarehouse(join(dir, "test.duckdb"), settings, { memoryLimit: "256MB" });
  try {
    await fn(warehouse, dir);
  } finally {
    warehouse.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * A fingerprint of everything an import may change: raw rows, plays and (unless `imports: false`) the import
 * history, which records even a re-import that adds nothing.
 */
export async function warehouseFingerprint(
  warehouse: Warehouse,
  { imports = true }: { imports?: boolean } = {},
): Promise<string> {
  const [row] = await warehouse.rows(
    `select
        (select count(*) from raw_spotify_extended) as extended_rows,
        (select count(*) from raw_spotify_account) as account_rows,
        case when $1 then (select count(*) from raw_import) end as imports,
        (select coalesce(string_agg(play_key::varchar || ':' || ms_played, ',' order by play_key), '') from fct_play)
            as plays`,
    [imports],
  );
  return JSON.stringify(row);
}
