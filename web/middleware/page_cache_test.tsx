import assert from "node:assert/strict";
import { importExports } from "../../pipeline/imports/import_exports.ts";
import { EXPORT_ACCOUNT, EXPORT_EXTENDED, UTC_SETTINGS, withWarehouse } from "../../tests/test_warehouse.ts";
import { createApp } from "../app.tsx";
import { PageCache } from "./page_cache.ts";

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
    // Errors are not cached either.
    assert.equal((await app.request("/top/artists?period=2024-13")).status, 400);
    assert.equal((await app.request("/top/artists?period=2024-13")).status, 400);
  });
});

Deno.test("Jobs is cached until a job starts or ends or a form is sent", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED], { user: "me", settings: UTC_SETTINGS });
    let jobs = 0;
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
      dataVersion: () => "1",
      jobsVersion: () => jobs,
    });
    const runs = async () => (await (await app.request("/jobs")).text()).match(/<td>etl<\/td>/g)?.length ?? 0;
    const run = (id: number) =>
      warehouse.run(
        `insert into job_run values (${id}, 'etl', 'cli', now(), now(), 'succeeded', 1, null, null)`,
      );
    const before = await runs();
    await run(97);
    assert.equal(await runs(), before); // written behind the runner's back: the cached page stands
    jobs++; // a run started or ended
    assert.equal(await runs(), before + 1);
    await run(98);
    assert.equal(await runs(), before + 1);
    await app.request("/nothing-here", { method: "POST" }); // any form sent, even one that fails
    assert.equal(await runs(), before + 2);
  });
});

Deno.test("a version change drops every cached page; the cache keeps at most maxBytes of pages", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED], { user: "me", settings: UTC_SETTINGS });
    let version = 1;
    const pageCache = new PageCache({ version: () => String(version), maxBytes: 60_000 });
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
      pageCache,
    });
    const overview = await (await app.request("/")).arrayBuffer();
    assert.deepEqual(pageCache.size, { pages: 1, bytes: overview.byteLength });
    await app.request("/top/artists");
    await app.request("/time");
    // Three pages do not fit in 60 kB: the least recently used went first.
    assert.ok(pageCache.size.bytes <= 60_000, String(pageCache.size.bytes));
    assert.ok(pageCache.size.pages < 3);
    version++;
    await app.request("/top/tracks");
    assert.equal(pageCache.size.pages, 1, "only the page rendered in the new version");
  });
});

Deno.test("warm() renders the most visited pages again after a version change, and stops for a job", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED], { user: "me", settings: UTC_SETTINGS });
    let version = 1;
    const pageCache = new PageCache({ version: () => String(version) });
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
      pageCache,
    });
    const rendered: string[] = [];
    const fetch = (
      request: Request,
      env: unknown,
    ) => (rendered.push(new URL(request.url).pathname), app.fetch(request, env));
    for (const path of ["/time", "/time", "/time", "/", "/", "/history"]) await app.request(path);
    version++;
    assert.equal(await pageCache.warm(fetch, { max: 2 }), 2);
    assert.deepEqual(rendered, ["/time", "/"], "most visited first, at most max");
    assert.equal(pageCache.size.pages, 2);
    // Warmed pages are served from the cache; warming is not a visit (/history stays third).
    assert.equal(await pageCache.warm(fetch, { max: 2 }), 0);
    version++;
    rendered.length = 0;
    let jobs = 0;
    assert.equal(
      await pageCache.warm(fetch, { busy: () => ++jobs > 1 }),
      1,
      "a job started after the first page",
    );
    assert.deepEqual(rendered, ["/time"]);
    // The new plays show in a warmed page.
    await importExports(warehouse, [EXPORT_ACCOUNT], { user: "me", settings: UTC_SETTINGS });
    version++;
    await pageCache.warm(fetch, { max: 1 });
    const page = await (await app.request("/time")).text();
    assert.equal(rendered.at(-1), "/time");
    assert.equal(
      page,
      await (await createApp({
        warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
        timezone: "UTC",
      }).request("/time")).text(),
    );
  });
});
