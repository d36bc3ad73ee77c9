/**
 * /metrics through the whole server in this process: Prometheus' text format 0.0.4, from this machine or with
 * METRICS_TOKEN as a bearer token from elsewhere (a login plays no part), and what it reports.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { openWarehouse } from "../warehouse/migrate.ts";
import { importExports } from "../pipeline/imports/import_exports.ts";
import { EXPORT_EXTENDED, UTC_SETTINGS } from "./test_warehouse.ts";
import { cookieOf, LAN, withServer } from "./test_server.ts";

const TOKEN = "scrape-0123456789abcdef0123456789";
const LINE =
  /^(# (HELP|TYPE) [a-z_:][a-z0-9_:]* .+|[a-z_:][a-z0-9_:]*(\{([a-z_]+="([^"\\\n]|\\[\\"n])*",?)*\})? (-?[0-9.e+-]+|NaN|[+-]Inf))$/i;

async function imported(dir: string): Promise<void> {
  const warehouse = await openWarehouse(join(dir, "music.duckdb"), UTC_SETTINGS);
  await importExports(warehouse, [EXPORT_EXTENDED], { user: "me", settings: UTC_SETTINGS });
  warehouse.close();
}

/** The samples of a scrape by name and labels: `name{labels}` → value. */
function samples(text: string): Map<string, number> {
  const lines = text.trimEnd().split("\n");
  for (const line of lines) assert.match(line, LINE);
  return new Map(
    lines.filter((line) => !line.startsWith("#")).map((line) => {
      const at = line.lastIndexOf(" ");
      return [line.slice(0, at), Number(line.slice(at + 1))];
    }),
  );
}

Deno.test("/metrics reports plays, jobs, queues, coverage and the process in text format 0.0.4", async () => {
  await withServer(async ({ request, post }) => {
    // A job has run: the time zone change rebuilds the marts as one.
    assert.equal((await post("/settings/values", { key: "TIMEZONE", value: "Europe/Berlin" })).status, 303);
    const response = await request("/metrics");
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    const text = await response.text();
    const metrics = samples(text);
    const plays = [...metrics].filter(([name]) => name.startsWith("music_tracker_plays{"));
    assert.ok(plays.length > 0);
    assert.ok(plays.every(([name]) => /listener="me"/.test(name)));
    assert.equal(plays.reduce((sum, [, value]) => sum + value, 0), 10);
    assert.equal(metrics.get('music_tracker_job_last_failed{job="build"}'), 0);
    assert.ok(metrics.get('music_tracker_job_last_success_timestamp_seconds{job="build"}')! > 1.7e9);
    assert.ok(metrics.get('music_tracker_job_last_duration_seconds{job="build"}')! >= 0);
    assert.equal(metrics.get("music_tracker_demo"), 0);
    assert.equal(metrics.get("music_tracker_jobs_queued"), 0);
    assert.equal(metrics.get("music_tracker_ingest_stalled"), 0);
    assert.ok(metrics.get("process_resident_memory_bytes")! > 10e6);
    assert.ok(metrics.get("music_tracker_duckdb_memory_bytes")! >= 0);
    assert.ok(metrics.get("music_tracker_warehouse_size_bytes")! > 100_000);
    for (const  of of["genre", "origin", "duration"]) {
      assert.ok(metrics.has(`music_tracker_enrichment_coverage_ratio{of="${of}"}`), of);
    }
    assert.match(text, /^# TYPE music_tracker_plays gauge$/m);
  }, { prepare: imported });
});

Deno.test("/metrics answers other machines only with METRICS_TOKEN, and never asks for a login", async () => {
  await withServer(async ({ request, post }) => {
    // The demo is shown: only the process's numbers.
    const demo = samples(await (await request("/metrics")).text());
    assert.equal(demo.get("music_tracker_demo"), 1);
    assert.equal([...demo.keys()].some((name) => name.startsWith("music_tracker_plays")), false);

    const anonymous = await request("/metrics", { from: LAN });
    assert.equal(anonymous.status, 403);
    assert.match(await anonymous.text(), /METRICS_TOKEN as a bearer token/);
    // No token is set yet: any token is refused.
    const early = await request("/metrics", { from: LAN, headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(early.status, 401);
    await early.body?.cancel();

    const login = await post("/login", { password: "a long admin password", next: "/settings" });
    const cookie = cookieOf(login, "mt_session")!;
    assert.equal(
      (await post("/settings/values", { key: "METRICS_TOKEN", value: TOKEN }, { cookie })).status,
      303,
    );
    const settings = await (await request("/settings", { headers: { cookie } })).text();
    assert.equal(settings.includes(TOKEN), false, "a secret is never shown again");
    for (
      const authorization of [
        `Bearer ${TOKEN.slice(0, -1)}`,
        `Bearer ${TOKEN}x`,
        `Basic ${btoa(`metrics:${TOKEN}`)}`,
        TOKEN,
        `Bearer ${TOKEN} extra`,
        "Bearer ",
      ]
    ) {
      const wrong = await request("/metrics", { from: LAN, headers: { authorization } });
      assert.ok([401, 403].includes(wrong.status), authorization);
      await wrong.body?.cancel();
    }
    const inQuery = await request(`/metrics?token=${TOKEN}`, { from: LAN });
    assert.equal(inQuery.status, 403);
    await inQuery.body?.cancel();
    const scraped = await request("/metrics", { from: LAN, headers: { authorization: `bearer ${TOKEN}` } });
    assert.equal(scraped.status, 200);
    assert.equal(samples(await scraped.text()).get("music_tracker_demo"), 1);
  }, { env: { HOST: "0.0.0.0", ADMIN_PASSWORD: "a long admin password" } });
});
