/**
 * The ListenBrainz-compatible API driven with the bodies real clients send (the reference payloads), each at the
 * URL that client builds and with its Authorization spelling, and the answers ListenBrainz gives.
 */
import assert from "node:assert/strict";
import {
  HAS_REFERENCE,
  listenPlays,
  payload,
  reference,
  withListenApp,
} from "../../../tests/test_listens.ts";
import { createToken, revokeToken } from "../../../warehouse/state/listen_tokens.ts";
import { hashPassword } from "../../../lib/passwords.ts";

/** How each client reaches submit-listens (README, "Other players: the ListenBrainz API"), and how it spells the scheme. */
const CLIENTS: Record<string, { path: string; scheme: string; contentType?: string }> = {
  // ND_LISTENBRAINZ_BASEURL ".../apis/listenbrainz/1/" joined with "submit-listens"
  navidrome: {
    path: "/apis/listenbrainz/1/submit-listens",
    scheme: "Token",
    contentType: "application/json; charset=UTF-8",
  },
  // "ListenBrainz API URL" ".../apis/listenbrainz/" (as typed, with its slash) + "/1/submit-listens"
  jellyfin: {
    path: "/apis/listenbrainz//1/submit-listens",
    scheme: "token",
    contentType: "application/json",
  },
  // the whole submit URL
  "web-scrobbler": {
    path: "/apis/listenbrainz/1/submit-listens",
    scheme: "Token",
    contentType: "application/json",
  },
  // url ".../apis/listenbrainz/" + "1/submit-listens"
  "multi-scrobbler": {
    path: "/apis/listenbrainz/1/submit-listens",
    scheme: "Token",
    contentType: "application/json",
  },
  // API root ".../apis/listenbrainz/" + "1/submit-listens"; playing_now asks for the msid
  "pano-scrobbler": {
    path: "/apis/listenbrainz/1/submit-listens",
    scheme: "token",
    contentType: "application/json",
  },
  generic: { path: "/apis/listenbrainz/1/submit-listens", scheme: "Token", contentType: "application/json" },
};

const VALID = [
  "generic-import",
  "generic-playing_now",
  "generic-single",
  "jellyfin-import-resubmit",
  "jellyfin-playing_now",
  "jellyfin-single",
  "multi-scrobbler-playing_now-from-subsonic",
  "multi-scrobbler-single-from-spotify",
  "navidrome-playing_now",
  "navidrome-single-multiartist-empty-mbid",
  "navidrome-single",
  "pano-scrobbler-import-pending",
  "pano-scrobbler-playing_now",
  "pano-scrobbler-single",
  "web-scrobbler-playing_now",
  "web-scrobbler-single-spotify",
  "web-scrobbler-single",
];

function submit(name: string, token: string) {
  const client = CLIENTS[Object.keys(CLIENTS).find((prefix) => name.startsWith(prefix)) ?? "generic"];
  const query = name === "pano-scrobbler-playing_now" ? "?return_msid=true" : "";
  return new Request(`http://nas.local:8080${client.path}${query}`, {
    method: "POST",
    headers: { authorization: `${client.scheme} ${token}`, "content-type": client.contentType ?? "" },
    body: payload(name),
  });
}

Deno.test({
  name: "every reference client's payloads are accepted at its own URL and become the plays they describe",
  ignore: !HAS_REFERENCE,
}, async () => {
  await withListenApp(async ({ app, warehouse, intake, board, token }) => {
    for (const name of VALID) {
      const res = await app.request(submit(name, token));
      assert.equal(res.status, 200, name);
      assert.equal(res.headers.get("content-type"), "application/json", name);
      assert.equal(res.headers.get("access-control-allow-origin"), "*", name);
      assert.equal(res.headers.get("x-ratelimit-limit"), "50", name);
      const body = await res.json();
      assert.equal(body.status, "ok", name);
      if (name === "pano-scrobbler-playing_now") {
        assert.match(body.recording_msid, /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/);
      } else assert.deepEqual(body, reference("submit-200-ok"), name);
    }
    await intake.settled();
    // By hand from the payloads: listened_at as sent; duration_ms, or duration × 1000, else 210 s; the client is
    // media_player, else submission_client. generic-, navidrome- and pano-scrobbler-single are the same listen
    // (same names, same second): one play, the first received (generic-single, from Strawberry).
    const play = (
      listened_at: number,
      ms_played: number,
      client: string,
      artist: string,
      track: string,
      album: string | null,
    ) => ({
      user: "rob",
      source: "submitted",
      client,
      listened_at,
      ms_played,
      artist,
      track,
      album,
    });
    assert.deepEqual(await listenPlays(warehouse), [
      play(1771200000, 402390, "Pano Scrobbler", "Röyksopp", "Some Resolve", "Profound Mysteries II"),
      play(1771200410, 151000, "Pano Scrobbler", "Boards of Canada", "Roygbiv", null),
      play(1771300000, 402000, "Jellyfin", "Röyksopp", "Some Resolve", "Profound Mysteries II"),
      play(1771300420, 151000, "Jellyfin", "Boards of Canada", "Roygbiv", "Music Has the Right to Children"),
      play(1771400000, 210000, "unknown", "Boards of Canada", "Roygbiv", null),
      play(1771400200, 91000, "unknown", "Boards of Canada", "Olson", "Music Has the Right to Children"),
      play(1771400500, 294000, "example-importer", "Aphex Twin", "Xtal", "Selected Ambient Works 85–92"),
      play(1771414109, 402390, "Strawberry", "Röyksopp", "Some Resolve", "Profound Mysteries II"),
      play(
        1771414500,
        369000,
        "navidrome",
        "Daft Punk feat. Pharrell Williams",
        "Get Lucky",
        "Random Access Memories",
      ),
      play(1771414511, 402000, "Jellyfin", "Röyksopp", "Some Resolve", "Profound Mysteries II"),
      play(1771415000, 154000, "Web Scrobbler", "I Mitomani Beat", "Shake", "Fuori Dal Tempo"),
      play(
        1771415300,
        361000,
        "Web Scrobbler",
        "Les Filles de Illighadad",
        "Inssegh Inssegh",
        "Eghass Malan",
      ),
      play(
        1771416000,
        361000,
        "multi-scrobbler",
        "Les Filles de Illighadad",
        "Inssegh Inssegh",
        "Eghass Malan",
      ),
    ]);
    // Every listen landed raw as it came (15 listens in 11 requests); playing_now landed nothing.
    assert.equal(await warehouse.value("select count(*) from raw_submitted_listen"), 15);
    assert.equal(await warehouse.value("select count(distinct submission_id) from raw_submitted_listen"), 11);
    // The last playing_now (Web Scrobbler's) is what rob plays now; it is not a play.
    assert.deepEqual(
      [board.get("rob")?.artist, board.get("rob")?.track, board.get("rob")?.client],
      ["I Mitomani Beat", "Shake", "Web Scrobbler"],
    );
  });
});

Deno.test({
  name:
    "payloads ListenBrainz refuses get its 400 naming the field, with the listen merged in, and land nothing",
  ignore: !HAS_REFERENCE,
}, async () => {
  await withListenApp(async ({ app, warehouse, token }) => {
    const refused: Record<string, string> = {
      "invalid-bad-mbid-and-both-durations":
        "JSON document should not contain both duration and duration_ms.",
      "invalid-extra-top-level-key":
        "JSON document may only contain listened_at and track_metadata top level keys",
      "invalid-listened_at-too-low":
        "Value for key listened_at is too low. listened_at timestamp should be greater than 1033410600 (2002-10-01 00:00:00 UTC).",
      "invalid-playing_now-with-listened_at":
        "JSON document must not contain listened_at while submitting playing_now.",
      "invalid-single-two-listens":
        "JSON document contains more than listen for a single/playing_now. It should contain only one.",
    };
    for (const [name, error] of Object.entries(refused)) {
      const res = await app.request(submit(name, token));
      assert.equal(res.status, 400, name);
      const body = await res.json();
      assert.equal(body.code, 400, name);
      assert.equal(body.error, error, name);
    }
    // The merged form, as ListenBrainz answers it.
    const res = await app.request(submit("invalid-listened_at-too-low", token));
    assert.deepEqual(await res.json(), reference("submit-400-listen-validation-merged"));
    assert.equal(await warehouse.value("select count(*) from raw_submitted_listen"), 0);
  });
});

Deno.test("validate-token answers as ListenBrainz: valid with the user, an unknown token valid: false, none a 400", async () => {
  await withListenApp(async ({ app, warehouse, token }) => {
    const ask = (init: { header?: string; query?: string }) =>
      app.request(`/apis/listenbrainz/1/validate-token${init.query ?? ""}`, {
        headers: init.header ? { authorization: init.header } : {},
      });
    const valid = await ask({ header: `Token ${token}` });
    assert.equal(valid.status, 200);
    assert.deepEqual(await valid.json(), {
      code: 200,
      message: "Token valid.",
      valid: true,
      user_name: "rob",
    });
    assert.deepEqual(await (await ask({ header: `token ${token}` })).json(), {
      code: 200,
      message: "Token valid.",
      valid: true,
      user_name: "rob",
    });
    assert.deepEqual(await (await ask({ query: `?token=${token}` })).json(), {
      code: 200,
      message: "Token valid.",
      valid: true,
      user_name: "rob",
    });
    const unknown = await ask({ header: "Token 3b851ecc-474d-44eb-a4d0-db3bbb5ef8b8" });
    assert.equal(unknown.status, 200);
    assert.deepEqual(await unknown.json(), { code: 200, message: "Token invalid.", valid: false });
    const none = await ask({});
    assert.equal(none.status, 400);
    assert.deepEqual(await none.json(), { code: 400, error: "You need to provide an Authorization token." });
    // A revoked token is unknown from then on.
    await revokeToken(warehouse, 1);
    assert.deepEqual(await (await ask({ header: `Token ${token}` })).json(), {
      code: 200,
      message: "Token invalid.",
      valid: false,
    });
  });
});

Deno.test("submit-listens refuses a missing, malformed, unknown or revoked token with ListenBrainz's 401s", async () => {
  await withListenApp(async ({ app, warehouse, token }) => {
    const body = JSON.stringify({
      listen_type: "single",
      payload: [{ listened_at: 1771414109, track_metadata: { artist_name: "A", track_name: "B" } }],
    });
    const post = (authorization?: string) =>
      app.request("/apis/listenbrainz/1/submit-listens", {
        method: "POST",
        headers: authorization ? { authorization } : {},
        body,
      });
    const cases: [string | undefined, string][] = [
      [undefined, "You need to provide an Authorization header."],
      ["Token", "Provided Authorization header is invalid."],
      ["Token 3b851ecc-474d-44eb-a4d0-db3bbb5ef8b8", "Invalid authorization token."],
    ];
    for (const [header, error] of cases) {
      const res = await post(header);
      assert.equal(res.status, 401, header);
      assert.deepEqual(await res.json(), { code: 401, error }, header);
    }
    const other = await createToken(warehouse, "ana");
    await revokeToken(warehouse, other.id);
    assert.equal((await post(`Token ${other.token}`)).status, 401);
    assert.equal(await warehouse.value("select count(*) from raw_submitted_listen"), 0);
    assert.equal((await post(`Token ${token}`)).status, 200);
  });
});

Deno.test("the API works behind the dashboard's login: a token, no cookie, no Origin; other /apis/ paths are JSON 404s", async () => {
  await withListenApp(async ({ app, intake, warehouse, token }) => {
    const res = await app.request("/apis/listenbrainz/1/submit-listens", {
      method: "POST",
      headers: {
        authorization: `Token ${token}`,
        "content-type": "text/plain",
        origin: "moz-extension://abc",
      },
      body: JSON.stringify({
        listen_type: "single",
        payload: [{ listened_at: 1771414109, track_metadata: { artist_name: "A", track_name: "B" } }],
      }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("set-cookie"), null);
    await intake.settled();
    assert.equal(await warehouse.value("select count(*) from fct_play"), 1);
    // multi-scrobbler takes a server that answers this for Koito: it must not answer (nor redirect to the login).
    const koito = await app.request("/apis/web/v1/stats", { headers: { authorization: `Token ${token}` } });
    assert.equal(koito.status, 404);
    assert.deepEqual(await koito.json(), {
      code: 404,
      error: "The requested URL was not found on the server.",
    });
    // The dashboard itself still wants the login.
    assert.equal((await app.request("/")).status, 303);
    const preflight = await app.request("/apis/listenbrainz/1/submit-listens", {
      method: "OPTIONS",
      headers: { origin: "https://example.org", "access-control-request-method": "POST" },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-headers"), "Authorization,Content-Type");
  }, { auth: { passwordHash: hashPassword("a long admin password") } });
});

Deno.test("50 requests per token in a 10 s window, then 429 with ListenBrainz's headers; another token is not held up", async () => {
  await withListenApp(async ({ app, warehouse, token }) => {
    const ask = (t: string) =>
      app.request("/apis/listenbrainz/1/validate-token", { headers: { authorization: `Token ${t}` } });
    const resetAt = Math.floor(Date.now() / 10_000) * 10 + 10;
    for (let i = 1; i <= 50; i++) {
      const res = await ask(token);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("x-ratelimit-remaining"), String(50 - i));
    }
    const limited = await ask(token);
    // The window may have turned over during the loop on a slow machine; then the 51st is fine and says so.
    if (Number(limited.headers.get("x-ratelimit-reset")) === resetAt) {
      assert.equal(limited.status, 429);
      assert.deepEqual(await limited.json(), {
        code: 429,
        error:
          "You have exceeded your rate limit. See the X-RateLimit-* response headers for more information on your current rate limit.",
      });
      assert.equal(limited.headers.get("x-ratelimit-remaining"), "0");
      assert.ok(Number(limited.headers.get("x-ratelimit-reset-in")) <= 10);
    }
    const other = await createToken(warehouse, "ana");
    assert.equal((await ask(other.token)).status, 200);
  });
});

Deno.test("user/<name>/listens and playing-now read back what rob sent, newest first, only with rob's token", async () => {
  await withListenApp(async ({ app, intake, warehouse, token }) => {
    const listens = [1771400000, 1771400300, 1771400600].map((at, i) => ({
      listened_at: at,
      track_metadata: {
        artist_name: "Low",
        track_name: `Track ${i + 1}`,
        release_name: "Things We Lost in the Fire",
        additional_info: { duration_ms: 200_000 + i, submission_client: "navidrome" },
      },
    }));
    await app.request("/apis/listenbrainz/1/submit-listens", {
      method: "POST",
      headers: { authorization: `Token ${token}` },
      body: JSON.stringify({ listen_type: "import", payload: listens }),
    });
    await app.request("/apis/listenbrainz/1/submit-listens", {
      method: "POST",
      headers: { authorization: `Token ${token}` },
      body: payload("navidrome-playing_now"),
    });
    await intake.settled();
    const get = (path: string, t = token) =>
      app.request(`/apis/listenbrainz/1/user/${path}`, { headers: { authorization: `Token ${t}` } });
    const all = await (await get("rob/listens")).json();
    assert.deepEqual(all.payload.listens.map((l: { listened_at: number }) => l.listened_at), [
      1771400600,
      1771400300,
      1771400000,
    ]);
    assert.deepEqual(
      [all.payload.count, all.payload.user_id, all.payload.latest_listen_ts, all.payload.oldest_listen_ts],
      [3, "rob", 1771400600, 1771400000],
    );
    assert.deepEqual(all.payload.listens[0].track_metadata, {
      artist_name: "Low",
      track_name: "Track 3",
      release_name: "Things We Lost in the Fire",
      additional_info: { duration_ms: 200002, submission_client: "navidrome" },
    });
    assert.equal(all.payload.listens[0].user_name, "rob");
    const after = await (await get("rob/listens?min_ts=1771400000&count=1")).json();
    assert.deepEqual(after.payload.listens.map((l: { listened_at: number }) => l.listened_at), [1771400300]);
    const before = await (await get("rob/listens?max_ts=1771400600&count=1")).json();
    assert.deepEqual(before.payload.listens.map((l: { listened_at: number }) => l.listened_at), [1771400300]);
    assert.equal((await get("rob/listens?count=x")).status, 400);
    const playing = await (await get("rob/playing-now")).json();
    assert.deepEqual(playing, {
      payload: {
        count: 1,
        user_id: "rob",
        playing_now: true,
        listens: [{
          track_metadata: JSON.parse(payload("navidrome-playing_now")).payload[0].track_metadata,
          user_name: "rob",
          playing_now: true,
        }],
      },
    });
    const ana = await createToken(warehouse, "ana");
    const forbidden = await get("rob/listens", ana.token);
    assert.equal(forbidden.status, 403);
    assert.equal((await get("ana/playing-now", ana.token)).status, 200);
  });
});
