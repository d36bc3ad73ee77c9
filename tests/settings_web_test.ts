/**
 * Settings changed on the Settings page take effect without a restart (the marts rebuilt for a new time zone,
 * the schedules registered again, the Spotify client made), and hostile values, keys and origins are refused
 * with a clear message and change nothing. /api/settings answers only the settings command on this machine.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { openWarehouse } from "../warehouse/migrate.ts";
import { importExports } from "../pipeline/imports/import_exports.ts";
import { readApiToken } from "../lib/api_token.ts";
import { EXPORT_EXTENDED, UTC_SETTINGS } from "./test_warehouse.ts";
import { LAN, withServer } from "./test_server.ts";

async function imported(dir: string): Promise<void> {
  const warehouse = await openWarehouse(join(dir, "music.duckdb"), UTC_SETTINGS);
  await importExports(warehouse, [EXPORT_EXTENDED], { user: "me", settings: UTC_SETTINGS });
  warehouse.close();
}

const CLIENT_ID = "0123456789abcdef0123456789abcdef";

Deno.test("Settings: a new time zone rebuilds the marts before the page answers; pages show it at once", async () => {
  await withServer(async ({ request, post }) => {
    const before = await (await request("/history?period=all&q=J%C3%B3ga")).text();
    assert.match(before, /2024-01-01, 00:30/);
    const saved = await post("/settings/values", { key: "TIMEZONE", value: "America/New_York" });
    assert.equal(saved.status, 303);
    assert.equal(saved.headers.get("location"), "/settings?saved=TIMEZONE&rebuilt=1#TIMEZONE");
    const page = await (await request("/settings?saved=TIMEZONE&rebuilt=1")).text();
    assert.match(page, /Saved TIMEZONE = America\/New_York; the marts were rebuilt with it\./);
    // The same URL again: a new data version, so no page of the old time zone comes from the cache.
    const after = await (await request("/history?period=all&q=J%C3%B3ga")).text();
    assert.match(after, /2023-12-31, 19:30/);
    // The rebuild ran as a job and shows on the Jobs page.
    assert.match(await (await request("/jobs")).text(), /<td>build<\/td>/);

    const reset = await post("/settings/values/reset", { key: "TIMEZONE" });
    assert.equal(reset.headers.get("location"), "/settings?reset=TIMEZONE&rebuilt=1#TIMEZONE");
    assert.match(await (await request("/history?period=all&q=J%C3%B3ga")).text(), /2024-01-01, 00:30/);
  }, { prepare: imported });
});

Deno.test("Settings: schedules are registered again and Spotify is set up without a restart", async () => {
  await withServer(async ({ server, request, post }) => {
    const jobs =
      async () => [...(await (await request("/jobs")).text()).matchAll(/<code>([\d*/ ]+)<\/code>/g)];
    assert.deepEqual((await jobs()).map((match) => match[1]), ["0 2 * * *"]);
    assert.match(await (await request("/settings")).text(), /No Spotify app yet/);

    assert.equal(
      (await post("/settings/values", { key: "SPOTIFY_CLIENT_ID", value: CLIENT_ID })).status,
      303,
    );
    assert.equal(server.settings.config.spotify?.clientId, CLIENT_ID);
    assert.deepEqual((await jobs()).map((match) => match[1]), ["0 2 * * *", "*/30 * * * *", "30 1 * * *"]);
    assert.equal(
      (await post("/settings/values", { key: "INGEST_CRON", value: "*/10  * * * *" })).status,
      303,
    );
    assert.deepEqual((await jobs()).map((match) => match[1]), ["0 2 * * *", "*/10 * * * *", "30 1 * * *"]);
    // The connect form is there now, with the guide and the exact redirect URI.
    const settings = await (await request("/settings")).text();
    assert.match(settings, /<form method="post" action="\/settings\/connect"/);
    assert.match(settings, /<code class="redirect-uri">http:\/\/127\.0\.0\.1:8080\/callback<\/code>/);
    assert.match(settings, /Spotify Premium/);
  }, { schedules: true });
});

Deno.test("Settings: hostile values, keys and origins are refused with a clear message, changing nothing", async () => {
  await withServer(async ({ server, request, post }) => {
    const before = JSON.stringify(server.settings.list());
    for (
      const [key, value, message] of [
        [
          "TIMEZONE",
          "<script>alert(1)</script>",
          /TIMEZONE must be an IANA time zone .* got &quot;&lt;script&gt;/,
        ],
        ["TIMEZONE", "Europe/Berlin\nX-Injected: 1", /TIMEZONE must be an IANA time zone/],
        ["TIMEZONE", "../../etc/passwd", /TIMEZONE must be an IANA time zone/],
        ["MIN_PLAY_MS", "30000; drop table fct_play", /MIN_PLAY_MS must be a whole number/],
        ["MIN_PLAY_MS", "9".repeat(400), /MIN_PLAY_MS must be a whole number from 0 to 86400000/],
        ["SESSION_GAP_MINUTES", "0", /SESSION_GAP_MINUTES must be a whole number from 1/],
        ["SPOTIFY_CLIENT_ID", "0123456789abcdef0123456789abcdeg", /32 characters 0-9 and a-f/],
        ["SPOTIFY_CLIENT_ID", `${CLIENT_ID}\u0000`, /32 characters 0-9 and a-f/],
        ["SPOTIFY_CLIENT_SECRET", CLIENT_ID, /Set SPOTIFY_CLIENT_ID first/],
        [
          "SPOTIFY_REDIRECT_URI",
          "http://192.168.1.10:8080/callback",
          /must be https, or http on 127\.0\.0\.1/,
        ],
        ["SPOTIFY_REDIRECT_URI", "javascript:alert(1)", /must be an http\(s\) URL/],
        ["ADMIN_PASSWORD", "123456789", /at least 10 characters/],
        ["METRICS_TOKEN", "short", /METRICS_TOKEN must be 16 to 256/],
        ["METRICS_TOKEN", "a token with spaces in it", /METRICS_TOKEN must be 16 to 256/],
        ["MUSICBRAINZ_CONTACT", "me (at) example.org", /must be an email address or an http\(s\) URL/],
        ["NOTIFY_URL", "file:///etc/passwd", /NOTIFY_URL must be an http\(s\) URL/],
        ["INGEST_CRON", "* * * *", /INGEST_CRON is not valid/],
        ["DEFAULT_USER", "a b", /DEFAULT_USER must be 1-64 letters/],
        ["DUCKDB_PATH", "/tmp/elsewhere.duckdb", /read from the environment only/],
        ["HOST", "0.0.0.0", /read from the environment only/],
        ["__proto__", "x", /There is no setting &quot;__proto__&quot;/],
        ["", "x", /There is no setting &quot;&quot;/],
      ] as const
    ) {
      const response = await post("/settings/values", { key, value });
      assert.equal(response.status, 400, `${key}=${value}`);
      const text = await response.text();
      assert.match(text, /Nothing was changed: /, key);
      assert.match(text, message, `${key}=${value}`);
      assert.doesNotMatch(text, /<script>alert/);
    }
    // From another site, or with no Origin at all from a browser form: refused before anything is read.
    for (const origin of ["http://evil.example", "null", "http://127.0.0.1:8080.evil.example"]) {
      const crossSite = await post("/settings/values", { key: "TIMEZONE", value: "Asia/Tokyo" }, { origin });
      assert.equal(crossSite.status, 403, origin);
      assert.match(await crossSite.text(), /came from another site .* nothing was changed/);
    }
    const reset = await post("/settings/values/reset", { key: "DUCKDB_PATH" });
    assert.equal(reset.status, 400);
    assert.equal(JSON.stringify(server.settings.list()), before);
    // A settings form sent with a file instead of a value is refused too.
    const multipart = new FormData();
    multipart.set("key", "TIMEZONE");
    multipart.set("value", new File(["Asia/Tokyo"], "zone.txt"));
    const file = await request("/settings/values", {
      method: "POST",
      body: multipart,
      headers: { origin: "http://127.0.0.1:8080" },
    });
    assert.equal(file.status, 400);
    assert.equal(JSON.stringify(server.settings.list()), before);
  });
});

Deno.test("/api/settings answers only the settings command on this machine, with the token serve wrote", async () => {
  await withServer(async ({ server, dir, request }) => {
    const token = readApiToken(join(dir, ".api_token"))!;
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal((await Deno.stat(join(dir, ".api_token"))).mode! & 0o777, 0o600);
    const json = (body: unknown, headers: Record<string, string> = {}) => ({
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify(body),
    });
    // No token, a wrong one, or from the LAN (even with the token): refused.
    assert.equal((await request("/api/settings")).status, 403);
    assert.equal((await request("/api/settings", { headers: { authorization: "Bearer nope" } })).status, 403);
    const lan = await request("/api/settings", { from: LAN, headers: { authorization: `Bearer ${token}` } });
    assert.equal(lan.status, 403);
    const listed = await request("/api/settings", { headers: { authorization: `Bearer ${token}` } });
    assert.equal(listed.status, 200);
    assert.equal((await listed.json()).find((s: { key: string }) => s.key === "TIMEZONE").value, "UTC");

    // Only JSON, with text values (a form is a browser's: without this site's Origin the CSRF guard refuses it).
    const form = await request("/api/settings", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Bearer ${token}` },
      body: "key=TIMEZONE&value=Asia/Tokyo",
    });
    assert.equal(form.status, 403);
    const text = await request("/api/settings", {
      method: "POST",
      headers: { "content-type": "application/xml", authorization: `Bearer ${token}` },
      body: "<key>TIMEZONE</key>",
    });
    assert.equal(text.status, 415);
    assert.equal((await request("/api/settings", json({ key: "MIN_PLAY_MS", value: 5 }))).status, 400);
    assert.equal((await request("/api/settings", json({ key: ["TIMEZONE"], value: "UTC" }))).status, 400);
    assert.equal((await request("/api/settings", json("TIMEZONE"))).status, 400);
    const bad = await request("/api/settings", json({ key: "TIMEZONE", value: "Nowhere/Land" }));
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error, /IANA time zone/);
    assert.equal(server.settings.config.timezone, "UTC");

    const changed = await request("/api/settings", json({ key: "TIMEZONE", value: "Asia/Tokyo" }));
    assert.equal(changed.status, 200);
    assert.deepEqual(await changed.json(), {
      setting: {
        key: "TIMEZONE",
        value: "Asia/Tokyo",
        source: "stored",
        secret: false,
        scope: "live",
        group: "listening",
        label: "Time zone",
        help: "IANA time zone of local dates and hours (e.g. Europe/Berlin); a change rebuilds the marts.",
        input: "timezone",
      },
      rebuilt: true,
      overridden: false,
    });
    assert.equal(server.settings.config.timezone, "Asia/Tokyo");
  }, { prepare: imported });
});
