import assert from "node:assert/strict";
import { importExports } from "../../pipeline/imports/import_exports.ts";
import { EXPORT_ACCOUNT, EXPORT_EXTENDED, UTC_SETTINGS, withWarehouse } from "../../tests/test_warehouse.ts";
import { createApp } from "../app.tsx";

Deno.test("analysis pages are served from memory until the data version changes", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED], { user: "me", settings: UTC_SETTINGS });
    let version = 1;
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
      dataVersion: () => String(version),
    });
    const plays = async (path: string) =>
      /<div class="stat-label">Plays<\/div><div class="stat-value">(\d+)</.exec(
        await (await app.request(path)).text(),
      )?.[1];
    assert.equal(await plays("/"), "10");
    // New plays arrive without the version changing (no job finished): the cached page stays.
    await importExports(warehouse, [EXPORT_ACCOUNT], { user: "me", settings: UTC_SETTINGS });
    assert.equal(await plays("/"), "10");
    assert.equal(await plays("/?x=1"), "16", "another URL is another page");
    version++;
    assert.equal(await plays("/"), "16");
    // Pages that change by themselves are never cached.
    const jobs1 = await (await app.request("/jobs")).text();
    await warehouse.run(
      "insert into job_run values (99, 'etl', 'cli', now(), now(), 'succeeded', 1, null, null)",
    );
    assert.notEqual(await (await app.request("/jobs")).text(), jobs1);
    // Errors are not cached either.
    assert.equal((await app.request("/top/artists?period=2024-13")).status, 400);
    assert.equal((await app.request("/top/artists?period=2024-13")).status, 400);
  });
});
