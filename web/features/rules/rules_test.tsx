/**
 * The Rules page and an item's rules through the app: forms that merge, rename, exclude and undo (each answering
 * once the marts are rebuilt), a merged item's page sending to its target, History marking excluded plays, the
 * CLI's /api/rules, and hostile input: markup, unknown kinds and ids, other sites, the demo.
 */
import assert from "node:assert/strict";
import { Logger } from "../../../log.ts";
import { JobRunner } from "../../../pipeline/jobs/runner.ts";
import { LiveRules } from "../../../pipeline/rules/live.ts";
import { importPlays, type TestPlay, UTC_SETTINGS, withWarehouse } from "../../../tests/test_warehouse.ts";
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { listRules } from "../../../warehouse/state/rules.ts";
import { createApp } from "../../app.tsx";

const TOKEN = "test-api-token";
const plays = (n: number, play: Omit<TestPlay, "ts">, day: number): TestPlay[] =>
  Array.from(
    { length: n },
    (_, i) => ({ ...play, ts: `2024-05-${String(day + i).padStart(2, "0")}T10:00:00Z` }),
  );

/**
 * Nina Simone: Feeling Good 3 × 200 s, Sinnerman 2 × 90 s and its remaster (another id) 1 × 90 s → 6 plays;
 * "Simone, Nina" 2 × 100 s; "<i>Kids</i>" 4 × 60 s.
 */
const HISTORY: TestPlay[] = [
  ...plays(3, { track: "Feeling Good", artist: "Nina Simone", ms: 200_000 }, 1),
  ...plays(2, { track: "My Baby", artist: "Simone, Nina", ms: 100_000 }, 4),
  ...plays(4, { track: "Baby Shark", artist: "<i>Kids</i>", ms: 60_000 }, 6),
  ...plays(2, { track: "Sinnerman", artist: "Nina Simone", id: "Sinnerman1", ms: 90_000 }, 10),
  ...plays(
    1,
    { track: "Sinnerman (Remastered 2006)", artist: "Nina Simone", id: "Sinnerman2", ms: 90_000 },
    12,
  ),
];

async function withRulesApp(
  fn: (app: ReturnType<typeof createApp>, warehouse: Warehouse) => Promise<void>,
  { isDemo = false } = {},
): Promise<void> {
  await withWarehouse(async (warehouse, dir) => {
    await importPlays(warehouse, dir, HISTORY);
    const runner = new JobRunner({
      session: () => warehouse.session(),
      logger: new Logger({ write: () => {}, format: "json" }),
      retries: 0,
    });
    const warehouses = { current: () => Promise.resolve({ warehouse, isDemo }) };
    const app = createApp({
      warehouse: warehouses.current,
      timezone: "UTC",
      rules: new LiveRules({ warehouses, runner, settings: UTC_SETTINGS }),
      settings: { list: () => [], change: () => Promise.reject(new Error("not here")), apiToken: TOKEN },
    });
    await fn(app, warehouse);
  });
}

function post(path: string, fields: Record<string, string>, origin = "http://localhost") {
  return {
    path,
    init: {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin },
      body: new URLSearchParams(fields).toString(),
    },
  };
}

async function send(app: ReturnType<typeof createApp>, request: ReturnType<typeof post>) {
  return await app.request(request.path, request.init);
}

const keyOf = (warehouse: Warehouse, sql: string) => warehouse.value<bigint>(sql).then(String);

Deno.test("POST /rules merges an artist: the alias's page sends to the target, which counts both", async () => {
  await withRulesApp(async (app, warehouse) => {
    const alias = await keyOf(
      warehouse,
      "select artist_key from dim_artist where artist_name = 'Simone, Nina'",
    );
    const target = await keyOf(
      warehouse,
      "select artist_key from dim_artist where artist_name = 'Nina Simone'",
    );
    // the item's rules: a search for what to merge into lists Nina Simone with her 6 plays
    const search = await app.request(`/rules/artist/${alias}?q=nina`);
    assert.equal(search.status, 200);
    const found = await search.text();
    assert.match(
      found,
      /<button type="submit">Merge into<\/button> <a href="\/artists\/\d+">Nina Simone<\/a> \(6 plays\)/,
    );
    const merged = await send(
      app,
      post("/rules", {
        kind: "merge-artist",
        subject: "simone, nina",
        target: "nina simone",
        back: `/artists/${alias}`,
      }),
    );
    assert.equal(merged.status, 303);
    assert.equal(merged.headers.get("location"), `/artists/${alias}`);
    const moved = await app.request(`/artists/${alias}`);
    assert.equal(moved.status, 302);
    assert.equal(moved.headers.get("location"), `/artists/${target}`);
    // 3 + 2 + 1 + 2 counted plays; 600 + 180 + 90 + 200 = 1,070 s ≈ 18 minutes, of 1,070 + 240 s: 81.7 %
    const page = await (await app.request("/top/artists?period=all&by=plays")).text();
    assert.match(
      page,
      /Nina Simone<\/a><\/td><td class="number">8<\/td><td class="number">18<\/td><td class="number">81\.7 %/,
    );
    assert.doesNotMatch(page, /Simone, Nina/);
    const rules = await (await app.request("/rules")).text();
    assert.match(rules, /artist “Simone, Nina” merged into “Nina Simone”/);
    // undo: the alias's page is its own again
    const [rule] = await listRules(warehouse);
    const undone = await send(app, post(`/rules/${rule.id}/undo`, { back: "/rules" }));
    assert.equal(undone.status, 303);
    assert.equal((await app.request(`/artists/${alias}`)).status, 200);
  });
});

Deno.test("excluding an artist takes it off Top and marks its plays in History; names with markup stay text", async () => {
  await withRulesApp(async (app, warehouse) => {
    const kids = await keyOf(
      warehouse,
      "select artist_key from dim_artist where artist_name = '<i>Kids</i>'",
    );
    const fragment = await (await app.request(`/rules/artist/${kids}`, { headers: { "HX-Request": "true" } }))
      .text();
    assert.doesNotMatch(fragment, /<i>Kids<\/i>/);
    assert.match(fragment, /&lt;i&gt;Kids&lt;\/i&gt;/);
    const excluded = await send(
      app,
      post("/rules", { kind: "exclude-artist", subject: "<i>kids</i>", back: "/" }),
    );
    assert.equal(excluded.status, 303);
    const top = await (await app.request("/top/artists?period=all")).text();
    assert.doesNotMatch(top, /Kids/);
    const history = await (await app.request("/history?period=all")).text();
    assert.equal([...history.matchAll(/<span class="badge"[^>]*>excluded<\/span>/g)].length, 4);
    const renamed = await send(
      app,
      post("/rules", { kind: "rename-artist", subject: "nina simone", target: "<script>alert(1)</script>" }),
    );
    assert.equal(renamed.status, 303);
    const list = await (await app.request("/rules")).text();
    assert.doesNotMatch(list, /<script>alert/);
    assert.match(list, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });
});

Deno.test("likely duplicates: a remaster of a track by the same artist, merged with one click", async () => {
  await withRulesApp(async (app, warehouse) => {
    const page = await (await app.request("/rules")).text();
    // "Sinnerman (Remastered 2006)" (1 play) goes into "Sinnerman" (2 plays)
    assert.match(
      page,
      /Sinnerman \(Remastered 2006\)<\/a> <span class="secondary">track<\/span><\/td><td class="number">1<\/td><td><a href="\/tracks\/\d+">Sinnerman<\/a>/,
    );
    const form =
      /<form method="post" action="\/rules"><input type="hidden" name="kind" value="merge-track"><input type="hidden" name="subject" value="(\d+)"><input type="hidden" name="target" value="(\d+)">/
        .exec(page);
    assert.ok(form, "a merge form for the suggestion");
    const response = await send(
      app,
      post("/rules", { kind: "merge-track", subject: form[1], target: form[2] }),
    );
    assert.equal(response.status, 303);
    assert.equal(
      await warehouse.value("select count(*) from dim_track where track_name like 'Sinnerman%'"),
      1,
    );
  });
});

Deno.test("hostile input: unknown kinds, ids and items, long names, other sites and the demo change nothing", async () => {
  await withRulesApp(async (app, warehouse) => {
    const cases: [ReturnType<typeof post>, number, RegExp][] = [
      [
        post("/rules", { kind: "<b>drop</b>", subject: "x" }),
        400,
        /There is no rule &quot;&lt;b&gt;drop&lt;\/b&gt;&quot;/,
      ],
      [
        post("/rules", { kind: "merge-artist", subject: "Nina Simone", target: "Nina Simone" }),
        400,
        /into itself/,
      ],
      [post("/rules", { kind: "exclude-track", subject: "'; drop table rule; --" }), 400, /named by its key/],
      [
        post("/rules", { kind: "rename-artist", subject: "Nina Simone", target: "n".repeat(5000) }),
        400,
        /at most 1000/,
      ],
      [
        post("/rules", { kind: "exclude-artist", subject: "x".repeat(100_000) }),
        400,
        /No artist named &quot;x{80}…&quot;/,
      ],
      [post("/rules/77/undo", {}), 400, /There is no rule 77/],
      [post("/rules/abc/undo", {}), 404, /Not Found/],
      [
        post("/rules", { kind: "exclude-artist", subject: "Nina Simone" }, "https://evil.example"),
        403,
        /another site/,
      ],
    ];
    for (const [request, status, body] of cases) {
      const response = await send(app, request);
      assert.equal(response.status, status, request.init.body);
      assert.match(await response.text(), body);
    }
    assert.deepEqual(await listRules(warehouse), []);
    assert.equal((await app.request("/rules/artist/123")).status, 404);
    assert.equal((await app.request("/rules/playlist/1")).status, 404);
    // a back address elsewhere is not followed
    const back = await send(
      app,
      post("/rules", { kind: "exclude-artist", subject: "Nina Simone", back: "//evil.example" }),
    );
    assert.equal(back.headers.get("location"), "/");
  });
  await withRulesApp(async (app, warehouse) => {
    const response = await send(app, post("/rules", { kind: "exclude-artist", subject: "Nina Simone" }));
    assert.equal(response.status, 400);
    assert.match(await response.text(), /import your history first/);
    assert.deepEqual(await listRules(warehouse), []);
  }, { isDemo: true });
});

Deno.test("/api/rules: the CLI's JSON, with the token from this machine only", async () => {
  await withRulesApp(async (app, warehouse) => {
    const env = { remoteAddr: { hostname: "127.0.0.1" } };
    const call = (init: RequestInit = {}, token = TOKEN) =>
      app.request("/api/rules", {
        ...init,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
      }, env);
    assert.equal((await call({}, "wrong")).status, 403);
    assert.equal(
      (await app.request("/api/rules", {}, { remoteAddr: { hostname: "192.168.1.20" } })).status,
      403,
    );
    assert.deepEqual(await (await call()).json(), []);
    assert.equal((await call({ method: "POST", body: "{not json" })).status, 400);
    assert.equal(
      (await call({ method: "POST", body: JSON.stringify({ add: { kind: 1, subject: "x" } }) })).status,
      400,
    );
    const refused = await call({
      method: "POST",
      body: JSON.stringify({ add: { kind: "merge-artist", subject: "x" } }),
    });
    assert.equal(refused.status, 400);
    assert.match((await refused.json()).error, /No artist named "x"/);
    const added = await call({
      method: "POST",
      body: JSON.stringify({ add: { kind: "exclude-artist", subject: "Nina Simone" } }),
    });
    assert.equal(added.status, 200);
    const body = await added.json();
    assert.equal(body.action, "added");
    assert.equal(body.rule.kind, "exclude-artist");
    assert.equal(await warehouse.value("select count(*) from fct_play where is_excluded"), 6);
  });
});
