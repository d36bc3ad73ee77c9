import assert from "node:assert/strict";
import { importExports } from "../../../pipeline/imports/import_exports.ts";
import { EXPORT_EXTENDED, importPlays, UTC_SETTINGS, withWarehouse } from "../../../tests/test_warehouse.ts";
import { createApp } from "../../app.tsx";
import { hashPassword, verifyPassword } from "../../../lib/passwords.ts";
import { Sessions } from "../../middleware/sessions.ts";

const ORIGIN = "http://192.168.1.10:8080";
const LAN = { remoteAddr: { transport: "tcp" as const, hostname: "192.168.1.20", port: 50000 } };
const LOCAL = { remoteAddr: { transport: "tcp" as const, hostname: "127.0.0.1", port: 50000 } };

function login(password: string, next = "/") {
  return {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
    body: new URLSearchParams({ password, next }).toString(),
  };
}

Deno.test("hashPassword() stores a salted scrypt hash that verifyPassword() checks", () => {
  const stored = hashPassword("correct horse battery");
  assert.match(stored, /^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  assert.notEqual(stored, hashPassword("correct horse battery"), "salted");
  assert.equal(verifyPassword("correct horse battery", stored), true);
  assert.equal(verifyPassword("correct horse batterY", stored), false);
  assert.equal(verifyPassword("x", "plain-text"), false);
});

Deno.test("Sessions expire after 30 days and allow 5 failed logins per address per 15 minutes", () => {
  let now = 0;
  const sessions = new Sessions({ now: () => now });
  const id = sessions.create();
  assert.equal(sessions.isValid(id), true);
  now += 31 * 86_400_000;
  assert.equal(sessions.isValid(id), false);
  for (let i = 0; i < 5; i++) sessions.recordFailure("10.0.0.9");
  assert.equal(sessions.mayTry("10.0.0.9"), false);
  assert.equal(sessions.mayTry("10.0.0.10"), true);
  now += 15 * 60_000 + 1;
  assert.equal(sessions.mayTry("10.0.0.9"), true);
});

Deno.test("with an admin password every page needs a login; the session cookie is HttpOnly and SameSite=Strict", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED], { user: "me", settings: UTC_SETTINGS });
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
      auth: { passwordHash: hashPassword("a long admin password") },
    });
    const anonymous = await app.request(`${ORIGIN}/jobs?limit=5`, {}, LAN);
    assert.equal(anonymous.status, 303);
    assert.equal(anonymous.headers.get("location"), "/login?next=%2Fjobs%3Flimit%3D5");
    assert.equal((await app.request(`${ORIGIN}/api/jobs`, {}, LAN)).status, 401);
    assert.equal((await app.request(`${ORIGIN}/healthz`, {}, LAN)).status, 200);
    assert.equal((await app.request(`${ORIGIN}/static/style.css`, {}, LAN)).status, 200);
    // The CLI on this machine may still ask the API (it cannot log in).
    assert.equal((await app.request(`${ORIGIN}/api/jobs`, {}, LOCAL)).status, 200);

    const wrong = await app.request(`${ORIGIN}/login`, login("guess"), LAN);
    assert.equal(wrong.status, 401);
    assert.match(await wrong.text(), /That is not the admin password/);
    assert.equal(wrong.headers.get("set-cookie"), null);

    const right = await app.request(
      `${ORIGIN}/login`,
      login("a long admin password", "//evil.example/"),
      LAN,
    );
    assert.equal(right.status, 303);
    assert.equal(right.headers.get("location"), "/", "only local paths are followed after login");
    const cookie = right.headers.get("set-cookie")!;
    assert.match(
      cookie,
      /^mt_session=[A-Za-z0-9_-]{43}; Max-Age=2592000; Path=\/; HttpOnly; SameSite=Strict$/,
    );
    const session = cookie.split(";")[0];
    const page = await app.request(`${ORIGIN}/`, { headers: { cookie: session } }, LAN);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<form method="post" action="\/logout"/);

    const out = await app.request(`${ORIGIN}/logout`, {
      method: "POST",
      headers: { cookie: session, origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
    }, LAN);
    assert.equal(out.status, 303);
    assert.equal((await app.request(`${ORIGIN}/`, { headers: { cookie: session } }, LAN)).status, 303);
  });
});

Deno.test("logins are rate-limited per address, and Secure cookies are set behind HTTPS", async () => {
  await withWarehouse(async (warehouse) => {
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
      auth: { passwordHash: hashPassword("a long admin password") },
    });
    for (let i = 0; i < 5; i++) {
      assert.equal((await app.request(`${ORIGIN}/login`, login("no"), LAN)).status, 401);
    }
    const blocked = await app.request(`${ORIGIN}/login`, login("a long admin password"), LAN);
    assert.equal(blocked.status, 429);
    assert.equal(blocked.headers.get("set-cookie"), null);
    const https = await app.request("https://music.example/login", {
      ...login("a long admin password"),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://music.example" },
    }, LOCAL);
    assert.match(https.headers.get("set-cookie") ?? "", /; Secure/);
  });
});

Deno.test("the login page tells someone not logged in nothing of the household: no listener names, no alerts", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await importPlays(warehouse, dir, [{ ts: "2024-01-01T10:00:00Z", track: "A", artist: "X", ms: 60_000 }], {
      user: "alice",
    });
    await importPlays(warehouse, dir, [{ ts: "2024-01-02T10:00:00Z", track: "B", artist: "Y", ms: 60_000 }], {
      user: "bob",
    });
    await warehouse.run(
      `insert into spotify_connection (user_name, status, connected_at, updated_at)
       values ('alice', 'needs_reconnect', now(), now())`,
    );
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
      auth: { passwordHash: hashPassword("a long admin password") },
    });
    const page = await app.request(`${ORIGIN}/login`, {}, LAN);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<h1>Log in<\/h1>/);
    assert.doesNotMatch(html, /alice|bob|listener-switch|role="alert"/);
    // Logged in, the same household shows its switch and the alert.
    const cookie = (await app.request(`${ORIGIN}/login`, login("a long admin password"), LAN)).headers
      .get("set-cookie")!.split(";")[0];
    const overview = await (await app.request(`${ORIGIN}/`, { headers: { cookie } }, LAN)).text();
    assert.match(overview, /<option value="alice"/);
    assert.match(
      overview,
      /<p class="alert" role="alert">Spotify stopped accepting the connection of “alice”/,
    );
  });
});
