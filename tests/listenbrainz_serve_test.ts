/**
 * The ListenBrainz-compatible API on a real `serve` process: tokens made, listed and revoked by the CLI over
 * loopback; an import of 1,000 listens and 50 concurrent singles lose and double nothing; hostile requests each
 * get their status and land nothing; a kill -9 loses at most the request it cut, whose client got no 200.
 * (The throughput and time-to-queryable figures come from bench/listens_burst.ts, not from a timed test.)
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { cli, freePort, spawnMain, whenServing } from "./test_cli.ts";

const T0 = 1_771_000_000; // 2026-02-13: listens before now

interface Server {
  child: Deno.ChildProcess;
  url: string;
  env: Record<string, string>;
}

async function startServer(db: string, port: number): Promise<Server> {
  const env = { PORT: String(port), LOG_LEVEL: "warn" };
  const child = spawnMain(["serve", "--no-schedules", "--db", db], env);
  const url = `http://127.0.0.1:${port}`;
  if (await whenServing(url)) return { child, url, env };
  child.kill("SIGKILL");
  throw new Error("the server did not start");
}

async function stop(server: Server): Promise<void> {
  server.child.kill("SIGTERM");
  await server.child.status;
}

function listen(n: number, prefix = "Track") {
  return {
    listened_at: T0 + n * 240,
    track_metadata: {
      artist_name: `Artist ${n % 37}`,
      track_name: `${prefix} ${n}`,
      release_name: `Album ${n % 11}`,
      additional_info: { duration_ms: 180_000 + n, submission_client: "burst" },
    },
  };
}

function submit(server: Server, token: string, body: BodyInit, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/apis/listenbrainz/1/submit-listens`, {
    method: "POST",
    headers: { authorization: `Token ${token}`, "content-type": "application/json", ...headers },
    body,
  });
}

async function listenCount(server: Server, token: string, user = "rob"): Promise<number> {
  const response = await fetch(`${server.url}/apis/listenbrainz/1/user/${user}/listen-count`, {
    headers: { authorization: `Token ${token}` },
  });
  return (await response.json()).payload.count;
}

async function waitForCount(server: Server, token: string, count: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await listenCount(server, token) === count) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`the marts never reached ${count} plays (now ${await listenCount(server, token)})`);
}

/** The Overview's "Plays" figure as served. */
async function playsShown(server: Server): Promise<string> {
  const html = await (await fetch(`${server.url}/`)).text();
  return /<div class="stat-label">Plays<\/div><div class="stat-value">([^<]*)<\/div>/.exec(html)?.[1] ??
    "(none)";
}

async function query(db: string, sql: string): Promise<Record<string, unknown>[]> {
  const result = await cli(["query", "--db", db, sql, "--format", "json"]);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

async function withServer(fn: (server: Server, db: string, token: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-lb-" });
  const db = join(dir, "music.duckdb");
  try {
    // Made before the server starts: straight into the warehouse file.
    const made = await cli(["tokens", "create", "--db", db, "--user", "rob", "--label", "Navidrome"]);
    assert.equal(made.code, 0, made.stderr);
    const token = made.stdout.trim();
    assert.match(made.stdout, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\n$/);
    const server = await startServer(db, freePort());
    try {
      await fn(server, db, token);
    } finally {
      await stop(server).catch(() => {});
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("serve: tokens over loopback; 1,000 listens in one import and 50 concurrent singles lose and double nothing; hostile requests land nothing", async () => {
  await withServer(async (server, db, token) => {
    // The CLI asks the running server: a token for ana, printed alone; list shows no token; revoke works.
    const ana = await cli(["tokens", "create", "--db", db, "--user", "ana"], server.env);
    assert.equal(ana.code, 0, ana.stderr);
    const anaToken = ana.stdout.trim();
    const list = await cli(["tokens", "list", "--db", db, "--format", "json"], server.env);
    assert.equal(list.code, 0, list.stderr);
    const tokens = JSON.parse(list.stdout);
    assert.deepEqual(tokens.map((t: Record<string, unknown>) => Object.keys(t)), [
      ["id", "user", "created_at", "last_used_at"],
      ["id", "user", "created_at", "last_used_at"],
    ]);
    assert.deepEqual(tokens.map((t: Record<string, unknown>) => [t.id, t.user]), [[1, "rob"], [2, "ana"]]);
    assert.ok(!list.stdout.includes(token) && !list.stdout.includes(anaToken), "never a token");
    assert.equal((await cli(["tokens", "revoke", "--db", db, "2"], server.env)).code, 0);
    const again = await cli(["tokens", "revoke", "--db", db, "2"], server.env);
    assert.deepEqual([again.code, again.stderr.trim()], [
      1,
      "error: No active token 2 (tokens list shows them)",
    ]);

    // Hostile requests: each its status and ListenBrainz's message, and nothing lands.
    const single = (listen: unknown) => JSON.stringify({ listen_type: "single", payload: [listen] });
    const ok = listen(0);
    const hostile: { name: string; status: number; error: RegExp; send: () => Promise<Response> }[] = [
      {
        name: "a Content-Length over 10,240,000 bytes",
        status: 400,
        error: /^Payload too large\. Payload cannot exceed 10240000 bytes$/,
        send: () => submit(server, token, new Uint8Array(10_240_001).fill(32)),
      },
      {
        name: "11 MB sent chunked, without a Content-Length",
        status: 400,
        error: /^Payload too large/,
        send: () => {
          let sent = 0;
          const body = new ReadableStream<Uint8Array>({
            pull(controller) {
              if (sent >= 11_000_000) return controller.close();
              sent += 100_000;
              controller.enqueue(new Uint8Array(100_000).fill(32));
            },
          });
          return submit(server, token, body);
        },
      },
      {
        name: "20,000-deep nesting as a single (40 kB: over one listen's 10,240 bytes)",
        status: 400,
        error: /^JSON document is too large\. Each listens may not be larger than 10240 bytes\.$/,
        send: () =>
          submit(
            server,
            token,
            `{"listen_type":"single","payload":[${"[".repeat(20_000)}${"]".repeat(20_000)}]}`,
          ),
      },
      {
        name: "20,000-deep arrays as a listen of an import",
        status: 400,
        error: /^Each listen in the payload must be a json object\.$/,
        send: () => {
          const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
          const others = Array(9).fill(JSON.stringify(ok)).join(",");
          return submit(server, token, `{"listen_type":"import","payload":[${deep},${others}]}`);
        },
      },
      {
        name: "20,000-deep objects inside additional_info",
        status: 400,
        error: /^JSON document is nested too deeply\.$/,
        send: () => {
          const deep = `${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}`;
          const listen = JSON.stringify(ok).replace(
            '"additional_info":{',
            `"additional_info":{"deep":${deep},`,
          );
          const others = Array(19).fill(JSON.stringify(ok)).join(",");
          return submit(server, token, `{"listen_type":"import","payload":[${listen},${others}]}`);
        },
      },
      {
        name: "invalid UTF-8",
        status: 400,
        error: /^Cannot parse JSON document: the body is not valid UTF-8$/,
        send: () => {
          const text = new TextEncoder().encode(single(ok));
          const bytes = new Uint8Array([...text.slice(0, 40), 0xff, 0xfe, ...text.slice(40)]);
          return submit(server, token, bytes);
        },
      },
      {
        name: "not JSON",
        status: 400,
        error: /^Cannot parse JSON document: /,
        send: () => submit(server, token, "{listen_type: single"),
      },
      {
        name: "an unknown listen_type",
        status: 400,
        error: /^JSON document requires a valid listen_type key\.$/,
        send: () => submit(server, token, JSON.stringify({ listen_type: "scrobble", payload: [ok] })),
      },
      {
        name: "listen_type of the wrong type",
        status: 400,
        error: /^JSON document requires a valid listen_type key\.$/,
        send: () => submit(server, token, JSON.stringify({ listen_type: 1, payload: [ok] })),
      },
      {
        name: "a payload that is not a list",
        status: 400,
        error: /^The payload in the JSON document should be a list of listens\.$/,
        send: () => submit(server, token, JSON.stringify({ listen_type: "single", payload: ok })),
      },
      {
        name: "no payload",
        status: 400,
        error: /^Invalid JSON document submitted\.$/,
        send: () => submit(server, token, JSON.stringify({ listen_type: "single" })),
      },
      {
        name: "an empty payload",
        status: 400,
        error: /^JSON document does not contain any listens$/,
        send: () => submit(server, token, JSON.stringify({ listen_type: "import", payload: [] })),
      },
      {
        name: "1,001 listens",
        status: 400,
        error: /^Too many listens\. You may not submit more than 1000 listens at once\.$/,
        send: () =>
          submit(
            server,
            token,
            JSON.stringify({
              listen_type: "import",
              payload: Array.from({ length: 1001 }, (_, i) => listen(i)),
            }),
          ),
      },
      {
        name: "a track name of 1,001 characters (as an import refuses a name too long)",
        status: 400,
        error: /^track_metadata\.track_name may not be longer than 1000 characters\.$/,
        send: () =>
          submit(
            server,
            token,
            single({ ...ok, track_metadata: { ...ok.track_metadata, track_name: "é".repeat(1001) } }),
          ),
      },
      {
        name: "listened_at as text",
        status: 400,
        error: /^JSON document must contain an int value for listened_at\.$/,
        send: () => submit(server, token, single({ ...ok, listened_at: "soon" })),
      },
      {
        name: "no listened_at",
        status: 400,
        error: /^JSON document must contain the key listened_at at the top level\.$/,
        send: () => submit(server, token, single({ track_metadata: ok.track_metadata })),
      },
      {
        name: "a track_name that is a number",
        status: 400,
        error: /^track_metadata\.track_name must be a single string\.$/,
        send: () =>
          submit(server, token, single({ ...ok, track_metadata: { ...ok.track_metadata, track_name: 42 } })),
      },
      {
        name: "no artist_name",
        status: 400,
        error: /^JSON document does not contain required field track_metadata\.artist_name\.$/,
        send: () => submit(server, token, single({ ...ok, track_metadata: { track_name: "x" } })),
      },
      {
        name: "a duration that is not a number",
        status: 400,
        error: /^Value for duration is invalid, should be a positive integer\.$/,
        send: () =>
          submit(
            server,
            token,
            single({
              ...ok,
              track_metadata: { ...ok.track_metadata, additional_info: { duration: "long" } },
            }),
          ),
      },
      {
        name: "U+0000 in a name",
        status: 400,
        error: /contains a unicode null$/,
        send: () =>
          submit(
            server,
            token,
            single({ ...ok, track_metadata: { ...ok.track_metadata, track_name: "a\u0000b" } }),
          ),
      },
      {
        name: "one bad listen in an import of good ones",
        status: 400,
        error: /^field track_metadata\.artist_name is empty\.$/,
        send: () =>
          submit(
            server,
            token,
            JSON.stringify({
              listen_type: "import",
              payload: [listen(1), {
                ...listen(2),
                track_metadata: { ...listen(2).track_metadata, artist_name: " " },
              }],
            }),
          ),
      },
      {
        name: "no token",
        status: 401,
        error: /^You need to provide an Authorization header\.$/,
        send: () =>
          fetch(`${server.url}/apis/listenbrainz/1/submit-listens`, { method: "POST", body: single(ok) }),
      },
      {
        name: "a wrong token",
        status: 401,
        error: /^Invalid authorization token\.$/,
        send: () => submit(server, "3b851ecc-474d-44eb-a4d0-db3bbb5ef8b8", single(ok)),
      },
      {
        name: "a revoked token",
        status: 401,
        error: /^Invalid authorization token\.$/,
        send: () => submit(server, anaToken, single(ok)),
      },
    ];
    for (const { name, status, error, send } of hostile) {
      const response = await send();
      assert.equal(response.status, status, name);
      const body = await response.json();
      assert.equal(body.code, status, name);
      assert.match(body.error, error, name);
    }
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200, "still serving");

    // A second token of rob's for the singles: each token has its own 50 requests per 10 s.
    const second = await cli(["tokens", "create", "--db", db, "--user", "rob"], server.env);
    const singlesToken = second.stdout.trim();
    // The Overview before the listens, kept in the page cache.
    assert.equal(await playsShown(server), "0");
    const imported = await submit(
      server,
      token,
      JSON.stringify({ listen_type: "import", payload: Array.from({ length: 1000 }, (_, i) => listen(i)) }),
    );
    assert.equal(imported.status, 200);
    assert.deepEqual(await imported.json(), { status: "ok" });
    const singles = await Promise.all(
      Array.from({ length: 50 }, (_, i) => submit(server, singlesToken, single(listen(2000 + i, "Single")))),
    );
    assert.deepEqual(singles.map((response) => response.status), Array(50).fill(200));
    await Promise.all(singles.map((response) => response.body?.cancel()));
    await waitForCount(server, token, 1050);
    // The Overview's totals (read from the aggregate marts) have them, once the page cache has moved on.
    for (let i = 0; (await playsShown(server)) !== "1,050"; i++) {
      assert.ok(i < 50, `the Overview shows ${await playsShown(server)} plays, not 1,050`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The same import again (a client retrying): landed, and no play doubled.
    const retried = await submit(
      server,
      token,
      JSON.stringify({ listen_type: "import", payload: Array.from({ length: 1000 }, (_, i) => listen(i)) }),
    );
    assert.equal(retried.status, 200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(await listenCount(server, token), 1050);
    await stop(server);
    assert.deepEqual(
      await query(
        db,
        `select (select count(*) from raw_submitted_listen) as landed,
           (select count(distinct submission_id) from raw_submitted_listen) as requests,
           (select count(*) from fct_play) as plays,
           (select count(distinct (track_key, played_at)) from fct_play) as distinct_plays,
           (select count(*) from fct_play where client = 'burst' and source = 'submitted') as from_burst`,
      ),
      [{ landed: 2050, requests: 52, plays: 1050, distinct_plays: 1050, from_burst: 1050 }],
    );
  });
});

Deno.test("serve: a kill -9 during a submission loses only that request, whose client got no 200; a 200 survives a kill", async () => {
  await withServer(async (server, db, token) => {
    const dir = db.replace(/music\.duckdb$/, "");
    const port = Number(new URL(server.url).port);
    // A body sent slowly: the server is killed while it is still coming in.
    const body = new TextEncoder().encode(
      JSON.stringify({
        listen_type: "import",
        payload: Array.from({ length: 500 }, (_, i) => listen(i, "Cut")),
      }),
    );
    let sent = 0;
    const slow = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent >= body.length) return controller.close();
        await new Promise((resolve) => setTimeout(resolve, 50));
        controller.enqueue(body.slice(sent, sent + 4096));
        sent += 4096;
      },
    });
    const cut = submit(server, token, slow).then((response) => response.status, () => "no answer");
    await new Promise((resolve) => setTimeout(resolve, 500));
    server.child.kill("SIGKILL");
    await server.child.status;
    assert.equal(await cut, "no answer");

    // Restarted: nothing of the cut request; then an import answered 200, and a kill right after it.
    let restarted = await startServer(db, port);
    const kept = await submit(
      restarted,
      token,
      JSON.stringify({
        listen_type: "import",
        payload: Array.from({ length: 300 }, (_, i) => listen(i, "Kept")),
      }),
    );
    assert.equal(kept.status, 200);
    restarted.child.kill("SIGKILL");
    await restarted.child.status;
    // Back again: the 300 listens answered with 200 are there, landed or added at start-up; the cut one is not.
    restarted = await startServer(db, port);
    try {
      await waitForCount(restarted, token, 300);
    } finally {
      await stop(restarted);
    }
    assert.deepEqual(
      await query(
        db,
        `select (select count(*) from raw_submitted_listen) as landed,
           (select count(*) from raw_submitted_listen where listen -> 'track_metadata' ->> 'track_name' like 'Cut%') as cut,
           (select count(*) from fct_play) as plays`,
      ),
      [{ landed: 300, cut: 0, plays: 300 }],
    );
    await Deno.remove(join(dir, "backups"), { recursive: true }).catch(() => {});
  });
});
