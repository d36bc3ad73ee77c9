import assert from "node:assert/strict";
import { importExports } from "../../pipeline/imports/import_exports.ts";
import { EXPORT_ACCOUNT, EXPORT_EXTENDED, UTC_SETTINGS, withWarehouse } from "../../tests/test_warehouse.ts";
import { createApp } from "../app.tsx";
import { PageCache } from "./page_cache.ts";
import type { Warehouse } from "../../warehouse/duckdb.ts";

/** An app on `warehouse` whose data version stands still and whose jobs version moves at each `jobEnded()`. */
function appCountingJobs(warehouse: Warehouse) {
  let jobs = 0;
  const app = createApp({
    warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
    timezone: "UTC",
    dataVersion: () => "1",
    jobsVersion: () => jobs,
  });
  return { app, jobEnded: () => void jobs++ };
}

/** The state pages' version also moves every 10 s (Jobs' "ago" times): start early in such a window, not at its end. */
async function earlyInTenSeconds(): Promise<void> {
  const left = 10_000 - Date.now() % 10_000;
  if (left < 3_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

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
    const { app, jobEnded } = appCountingJobs(warehouse);
    const runs = async () => (await (await app.request("/jobs")).text()).match(/<td>etl<\/td>/g)?.length ?? 0;
    const run = (id: number) =>
      warehouse.run(
        `insert into job_run values (${id}, 'etl', 'cli', now(), now(), 'succeeded', 1, null, null)`,
      );
    await earlyInTenSeconds();
    const before = await runs();
    await run(97);
    assert.equal(await runs(), before); // written behind the runner's back: the cached page stands
    jobEnded(); // a run started or ended
    assert.equal(await runs(), before + 1);
    await run(98);
    assert.equal(await runs(), before + 1);
    await app.request("/nothing-here", { method: "POST" }); // any form sent, even one that fails
    assert.equal(await runs(), before + 2);
  });
});

Deno.test("the layout's alerts are read once per state version: a refused Spotify token shows once the job that found it ends", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED], { user: "me", settings: UTC_SETTINGS });
    await warehouse.run(
      `insert into spotify_connection (user_name, status, connected_at, updated_at)
       values ('me', 'connected', now(), now())`,
    );
    const { app, jobEnded } = appCountingJobs(warehouse);
    // Each a URL of its own, so no page comes from the page cache: only the layout's reads are kept.
    const alerted = async (path: string) =>
      /role="alert">Spotify stopped accepting the connection of “me”/.test(
        await (await app.request(path)).text(),
      );
    await earlyInTenSeconds();
    assert.equal(await alerted("/?a"), false);
    await warehouse.run("update spotify_connection set status = 'needs_reconnect' where user_name = 'me'");
    assert.equal(await alerted("/?b"), false); // written behind the runner's back: read at the next version
    jobEnded(); // the ingest that was refused ended
    assert.equal(await alerted("/?c"), true);
  });
});

Deno.test("a version change drops every cached page; the cache keeps at most maxBytes of pages, gzipped", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED], { user: "me", settings: UTC_SETTINGS });
    let version = 1;
    const gzip = { headers: { "accept-encoding": "gzip, deflate, br" } };
    // The three pages' gzipped sizes, from a cache big enough for them all.
    const sizes: Record<string, number> = {};
    const roomy = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
      pageCache: new PageCache({ version: () => String(version) }),
    });
    for (const path of ["/", "/top/artists", "/time"]) {
      const response = await roomy.request(path, gzip);
      assert.equal(response.headers.get("content-encoding"), "gzip");
      sizes[path] = (await response.arrayBuffer()).byteLength;
      assert.equal(Number(response.headers.get("content-length")), sizes[path]);
    }
    // A cache one byte too small for the three: the least recently used goes first.
    const pageCache = new PageCache({
      version: () => String(version),
      maxBytes: sizes["/"] + sizes["/top/artists"] + sizes["/time"] - 1,
    });
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
      pageCache,
    });
    await app.request("/", gzip);
    assert.deepEqual(pageCache.size, { pages: 1, bytes: sizes["/"] });
    await app.request("/top/artists", gzip);
    await app.request("/time", gzip);
    assert.deepEqual(pageCache.size, { pages: 2, bytes: sizes["/top/artists"] + sizes["/time"] });
    version++;
    await app.request("/top/tracks");
    assert.equal(pageCache.size.pages, 1, "only the page rendered in the new version");
  });
});

Deno.test("a cached page is the rendered page: gzipped as kept, or unzipped for a client without gzip", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED], { user: "me", settings: UTC_SETTINGS });
    const pageCache = new PageCache({ version: () => "1" });
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
      pageCache,
    });
    // Rendered without any cache: what every later answer must equal.
    const uncached = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
    });
    const expected = await (await uncached.request("/top/artists")).text();
    assert.match(expected, /<html/);
    const unzip = async (response: Response) =>
      await new Response(response.body!.pipeThrough(new DecompressionStream("gzip"))).text();
    for (
      const [round, encoding] of ["gzip", "br;q=1, gzip;q=0.5", "*", "identity", "gzip;q=0", "", "br"]
        .entries()
    ) {
      const response = await app.request(
        "/top/artists",
        encoding ? { headers: { "accept-encoding": encoding } } : {},
      );
      assert.equal(response.status, 200);
      assert.match(
        response.headers.get("vary") ?? "",
        /accept-encoding/i,
        String(response.headers.get("vary")),
      );
      const gzipped = round < 3;
      assert.equal(response.headers.get("content-encoding"), gzipped ? "gzip" : null, encoding);
      assert.equal(gzipped ? await unzip(response) : await response.text(), expected, encoding);
    }
    assert.equal(pageCache.size.pages, 1);
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
