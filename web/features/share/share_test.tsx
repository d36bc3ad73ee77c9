import assert from "node:assert/strict";
import { importExports } from "../../../pipeline/imports/import_exports.ts";
import { EXPORT_EXTENDED, UTC_SETTINGS, withWarehouse } from "../../../tests/test_warehouse.ts";
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import {
  createShareLink,
  listShareLinks,
  revokeShareLink,
  verifyShareToken,
} from "../../../warehouse/state/share_links.ts";
import { createApp } from "../../app.tsx";
import { hashPassword } from "../../../lib/passwords.ts";

const ORIGIN = "http://192.168.1.10:8080";
const LAN = { remoteAddr: { transport: "tcp" as const, hostname: "192.168.1.20", port: 50000 } };

function appFor(warehouse: Warehouse) {
  return createApp({
    warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
    timezone: "UTC",
    auth: { passwordHash: hashPassword("a long admin password") },
    shares: {
      create: (page, days) => createShareLink(warehouse, page, { days }),
      list: () => listShareLinks(warehouse),
      revoke: (id) => revokeShareLink(warehouse, id),
      verify: (token) => verifyShareToken(warehouse, token),
    },
  });
}

Deno.test("a share link shows the overview alone, without a login, until it is revoked", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED], { user: "me", settings: UTC_SETTINGS });
    await warehouse.run(
      "insert into spotify_connection (user_name, refresh_token, status, connected_at, updated_at) values ('me', 'refresh-secret-token', 'needs_reconnect', now(), now())",
    );
    const app = appFor(warehouse);
    const link = await createShareLink(warehouse, "overview", { days: 7 });
    const shared = await app.request(`${ORIGIN}/share/${link.token}`, {}, LAN);
    assert.equal(shared.status, 200);
    assert.equal(shared.headers.get("cache-control"), "no-store");
    const html = await shared.text();
    assert.match(html, /<div class="stat-label">Plays<\/div><div class="stat-value">10<\/div>/);
    assert.match(html, /Shared, read-only until \d{4}-\d{2}-\d{2}/);
    // Nothing else: no navigation, no settings or jobs, no alerts about the owner's account, no tokens.
    assert.doesNotMatch(html, /href="\/(jobs|settings)"|action="\/logout"|role="alert"|refresh-secret-token/);
    assert.equal(
      (await app.request(`${ORIGIN}/settings`, {}, LAN)).status,
      303,
      "other pages still need a login",
    );

    const [id, signature] = link.token.split(".");
    const forged = `${id}.${signature.slice(0, -2)}${signature.endsWith("AA") ? "BB" : "AA"}`;
    assert.equal((await app.request(`${ORIGIN}/share/${forged}`, {}, LAN)).status, 404);
    assert.equal((await app.request(`${ORIGIN}/share/not-a-token`, {}, LAN)).status, 404);

    await revokeShareLink(warehouse, link.id);
    assert.equal((await app.request(`${ORIGIN}/share/${link.token}`, {}, LAN)).status, 404);
  });
});

Deno.test("share links expire, and the owner creates and revokes them from Settings", async () => {
  await withWarehouse(async (warehouse) => {
    const expired = await createShareLink(warehouse, "overview", { days: 1 });
    await warehouse.run("update share_link set expires_at = now() - interval 1 second");
    assert.equal(await verifyShareToken(warehouse, expired.token), undefined);
    // Changing the stored expiry invalidates the signature too (it covers id, page and expiry).
    await warehouse.run("update share_link set expires_at = now() + interval 30 day");
    assert.equal(await verifyShareToken(warehouse, expired.token), undefined);

    const app = appFor(warehouse);
    const login = await app.request(`${ORIGIN}/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
      body: "password=a+long+admin+password&next=%2Fsettings",
    }, LAN);
    const cookie = login.headers.get("set-cookie")!.split(";")[0];
    const post = (path: string, body: string) =>
      app.request(`${ORIGIN}${path}`, {
        method: "POST",
        headers: { cookie, origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
        body,
      }, LAN);
    assert.equal((await post("/settings/share", "days=3")).status, 303);
    const links = await listShareLinks(warehouse);
    assert.equal(links.length, 2); // the expired one was made valid-looking above but its signature is wrong
    const settings = await (await app.request(`${ORIGIN}/settings`, { headers: { cookie } }, LAN)).text();
    const fresh = links.find((link) => link.id !== expired.id)!;
    assert.ok(settings.includes(`${ORIGIN}/share/${fresh.token}`));
    assert.equal((await post("/settings/share", "days=400")).status, 400);
    assert.equal((await post(`/settings/share/${fresh.id}/revoke`, "")).status, 303);
    assert.equal(await verifyShareToken(warehouse, fresh.token), undefined);
  });
});
