/** The Import page's preview on a served warehouse: a dry run on the jobs' resources, not the pages'. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { Logger } from "../../log.ts";
import { SERVER_IDLE } from "../../warehouse/memory_trim.ts";
import { EXPORT_EXTENDED, UTC_SETTINGS, writeHistoryZip } from "../../tests/test_warehouse.ts";
import { WarehouseSwitch } from "../demo/warehouse_switch.ts";
import { JobRunner } from "../jobs/runner.ts";
import { openWarehouse } from "../../warehouse/migrate.ts";
import { importExports } from "./import_exports.ts";
import { uploadedImports } from "./uploaded.ts";

Deno.test("an upload's preview of 20,000 plays on the warehouse shown runs on the jobs' resources, then gives them back", async () => {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-preview-" });
  const realPath = join(dir, "music.duckdb");
  const working = { memoryLimit: "160MB", threads: 2 };
  const warehouses = new WarehouseSwitch({
    realPath,
    demoPath: join(dir, "demo.duckdb"),
    settings: UTC_SETTINGS,
    openOptions: working,
    shownResources: SERVER_IDLE,
  });
  try {
    const real = await openWarehouse(realPath, UTC_SETTINGS);
    await importExports(real, [EXPORT_EXTENDED], { user: "me", settings: UTC_SETTINGS });
    real.close();
    const shown = await warehouses.current();
    assert.equal(shown.isDemo, false);
    const runner = new JobRunner({
      session: () => shown.warehouse.session(),
      logger: new Logger({ write: () => {}, format: "json" }),
      resources: { working, idle: SERVER_IDLE },
    });
    const zip = await writeHistoryZip(dir, 20_000);
    const uploads = uploadedImports(() => ({ user: "me", settings: UTC_SETTINGS }), { warehouses, runner });
    // On the pages' 64MB it ran out of memory at once (and said to raise DUCKDB_MEMORY_LIMIT, which was 160MB).
    const report = await uploads.preview(zip);
    assert.equal(report.dryRun, true);
    assert.equal(report.totals.rowsRead, 20_000);
    assert.deepEqual(
      await shown.warehouse.rows(
        "select current_setting('memory_limit') as memory_limit, current_setting('threads') as threads",
      ),
      [{ memory_limit: "61.0 MiB", threads: 1 }],
    );
    assert.equal(await shown.warehouse.value("select count(*) from fct_play"), 10);
  } finally {
    warehouses.close();
    await Deno.remove(dir, { recursive: true });
  }
});
