import assert from "node:assert/strict";
import { join } from "node:path";
import { importExports } from "../pipeline/imports/import_exports.ts";
import { EXPORT_ACCOUNT, EXPORT_EXTENDED, UTC_SETTINGS, withWarehouse } from "../tests/test_warehouse.ts";
import { createApp } from "./app.tsx";

Deno.test("GET / shows totals, top artists and tracks and an SVG chart of hours per year", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED, EXPORT_ACCOUNT], { user: "me", settings: UTC_SETTINGS });
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
    });
    const res = await app.request("/");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/html; charset=UTF-8");
    assert.match(res.headers.get("content-security-policy") ?? "", /script-src 'self'/);
    const html = await res.text();
    assert.match(
      html,
      /<div class="stat-label">Plays<\/div><div class="stat-value">16<\/div><div class="stat-note">13 of at least 30 s/,
    );
    assert.match(
      html,
      /<div class="stat-label">First play<\/div><div class="stat-value date">2015-06-01<\/div>/,
    );
    assert.match(
      html,
      /<div class="stat-label">Last play<\/div><div class="stat-value date">2025-02-02<\/div>/,
    );
    // Top artists by listening time: Björk 819,999 ms = 0.2 h
    const artists = [
      ...html.replace(/<a href="\/(?:artists|tracks)\/\d+">|<\/a>/g, "").matchAll(
        /<tr><td class="number">(\d+)<\/td><td>([^<]+)<\/td><td class="number">([\d.]+)<\/td>/g,
      ),
    ]
      .map((match) => match[2]);
    assert.deepEqual(artists, ["Björk", "Кино", "Podcast Show", "Sigur Rós"]);
    assert.match(html, /<svg[^>]*aria-label="Hours listened per year"/);
    // Plot's inline styles would be blocked by the CSP: none may reach the page.
    assert.doesNotMatch(html, /<style|style="/);
    assert.match(html, /from 2015 to 2025/);
    assert.doesNotMatch(html, /Demo data/);
  });
});

Deno.test("GET / says on the page when it shows demo data", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED], { user: "demo", settings: UTC_SETTINGS });
    const app = createApp({ warehouse: () => Promise.resolve({ warehouse, isDemo: true }), timezone: "UTC" });
    const html = await (await app.request("/")).text();
    assert.match(html, /<strong>Demo data\.<\/strong>/);
  });
});

Deno.test("names from exports are escaped, never markup", async () => {
  await withWarehouse(async (warehouse, dir) => {
    const file = join(dir, "Streaming_History_Audio_2024.json");
    await Deno.writeTextFile(
      file,
      JSON.stringify([{
        ts: "2024-01-01T00:00:00Z",
        ms_played: 60000,
        master_metadata_album_artist_name: '<img src=x onerror="alert(1)">',
        master_metadata_track_name: "</td><script>alert(2)</script>",
      }]),
    );
    await importExports(warehouse, [file], { user: "me", settings: UTC_SETTINGS });
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
    });
    const html = await (await app.request("/")).text();
    assert.ok(html.includes("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"));
    assert.ok(html.includes("&lt;/td&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));
    assert.ok(!html.includes("<script>alert"));
  });
});

Deno.test("static htmx and CSS are served by the program with ETags", async () => {
  const app = createApp({ warehouse: () => Promise.reject(new Error("not needed")), timezone: "UTC" });
  const res = await app.request("/static/htmx.min.js");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/javascript; charset=utf-8");
  const body = await res.text();
  assert.match(body, /htmx/);
  const etag = res.headers.get("etag")!;
  const again = await app.request("/static/htmx.min.js", { headers: { "if-none-match": etag } });
  assert.equal(again.status, 304);
  const css = await app.request("/static/style.css");
  assert.equal(css.headers.get("content-type"), "text/css; charset=utf-8");
  // Compressed for a browser that accepts gzip; its weakened ETag still revalidates.
  const gzipped = await app.request("/static/htmx.min.js", { headers: { "accept-encoding": "gzip" } });
  assert.equal(gzipped.headers.get("content-encoding"), "gzip");
  assert.equal(gzipped.headers.get("etag"), `W/${etag}`);
  const decompressed = await new Response(gzipped.body!.pipeThrough(new DecompressionStream("gzip"))).text();
  assert.equal(decompressed, body);
  const weak = await app.request("/static/htmx.min.js", { headers: { "if-none-match": `W/${etag}` } });
  assert.equal(weak.status, 304);
});

Deno.test("GET /healthz and /readyz say whether the process and the warehouse answer", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED], { user: "me", settings: UTC_SETTINGS });
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
    });
    const health = await app.request("/healthz");
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: "ok" });
    const ready = await app.request("/readyz");
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), {
      status: "ready",
      warehouse: { ok: true, demo: false, plays: 10 },
      lastEtl: null,
      lastIngest: null,
      spotify: "not connected",
    });
  });
  const broken = createApp({ warehouse: () => Promise.reject(new Error("disk gone")), timezone: "UTC" });
  const notReady = await broken.request("/readyz");
  assert.equal(notReady.status, 503);
  assert.deepEqual(await notReady.json(), {
    status: "not ready",
    warehouse: { ok: false, error: "disk gone" },
  });
});

Deno.test("GET /jobs lists schedules and runs; POST /api/backup answers only this machine", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED], { user: "me", settings: UTC_SETTINGS });
    await warehouse.run(
      `insert into job_run values (1, 'etl', 'schedule', '2026-11-22 02:00:00+00', '2026-11-22 02:00:03+00',
       'failed', 2, null, 'disk <full>')`,
    );
    let backups = 0;
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
      schedules: [{ job: "etl", schedule: "0 2 * * *" }],
      backup: () => Promise.resolve(`/backups/${++backups}.duckdb`),
    });
    const page = await app.request("/jobs");
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<td>etl<\/td><td><code>0 2 \* \* \*<\/code><\/td>/);
    assert.match(html, /<td>2026-11-22 02:00:00<\/td><td class="number">3\.0 s<\/td><td>schedule<\/td>/);
    assert.match(
      html,
      /<span class="status status-failed">failed<\/span><span class="secondary">2 attempts<\/span>/,
    );
    assert.ok(html.includes("<td>disk &lt;full&gt;</td>"));
    const api = await app.request("/api/jobs?limit=5");
    assert.deepEqual(
      (await api.json()).map((run: { job: string; status: string }) => [run.job, run.status]),
      [
        ["etl", "failed"],
      ],
    );
    const json = { method: "POST", headers: { "content-type": "application/json" }, body: "{}" };
    const remote = await app.request("/api/backup", json, {
      remoteAddr: { transport: "tcp", hostname: "192.168.1.20", port: 5000 },
    });
    assert.equal(remote.status, 403);
    const local = await app.request("/api/backup", json, {
      remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 5000 },
    });
    assert.deepEqual([local.status, await local.json(), backups], [200, { file: "/backups/1.duckdb" }, 1]);
    // A form posted from another site is refused before anything runs.
    const forged = await app.request("/api/backup", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://evil.example" },
      body: "x=1",
    }, { remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 5000 } });
    assert.equal(forged.status, 403);
    assert.equal(backups, 1);
  });
});
