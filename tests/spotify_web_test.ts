/** Connecting Spotify from the Settings page, both ways, against the fake Spotify; the reconnect banner. */
import assert from "node:assert/strict";
import { completeConnect, startConnect } from "../pipeline/spotify/connections.ts";
import { parseRedirect } from "../pipeline/spotify/oauth.ts";
import { createApp } from "../web/app.tsx";
import { FakeSpotify } from "./fakes/spotify.ts";
import { withWarehouse } from "./test_warehouse.ts";

const ORIGIN = "http://127.0.0.1:8080";

function form(fields: Record<string, string>): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
    body: new URLSearchParams(fields).toString(),
  };
}

Deno.test("Settings: connect by the loopback callback or by pasting the redirected URL; banner on reconnect", async () => {
  const fake = new FakeSpotify();
  const config = fake.config({ redirectUri: `${ORIGIN}/callback` });
  try {
    await withWarehouse(async (warehouse) => {
      const app = createApp({
        warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
        timezone: "UTC",
        spotify: {
          start: (user) => startConnect(warehouse, config, user),
          complete: (url) => completeConnect(warehouse, config, parseRedirect(url)),
        },
      });
      const empty = await (await app.request(`${ORIGIN}/settings`)).text();
      assert.match(empty, /No account connected yet\./);

      // 1. The browser on this machine: consent, then Spotify's redirect hits /callback.
      fake.consentUser = "ana";
      const started = await app.request(`${ORIGIN}/settings/connect`, form({ user: "ana" }));
      assert.equal(started.status, 200);
      const page = await started.text();
      const consent = /href="([^"]+\/authorize\?[^"]+)"/.exec(page)![1].replaceAll("&amp;", "&");
      const redirect = await fetch(consent, { redirect: "manual" });
      await redirect.body?.cancel();
      const callback = await app.request(redirect.headers.get("location")!);
      assert.equal(callback.status, 303);
      assert.equal(callback.headers.get("location"), "/settings?connected=ana");

      // 2. Another device: the redirected URL is pasted into the form.
      fake.consentUser = "ben";
      const second = await (await app.request(`${ORIGIN}/settings/connect`, form({ user: "ben" }))).text();
      const consent2 = /href="([^"]+\/authorize\?[^"]+)"/.exec(second)![1].replaceAll("&amp;", "&");
      const redirect2 = await fetch(consent2, { redirect: "manual" });
      await redirect2.body?.cancel();
      const pasted = await app.request(
        `${ORIGIN}/settings/paste`,
        form({ url: redirect2.headers.get("location")! }),
      );
      assert.equal(pasted.status, 303);

      const settings = await (await app.request(`${ORIGIN}/settings?connected=ben`)).text();
      assert.match(settings, /Connected “ben”\./);
      assert.equal((settings.match(/status-succeeded">connected</g) ?? []).length, 2);
      assert.ok(!settings.includes("refresh-") && !settings.includes("access-"), "tokens are never shown");

      // A pasted URL with a forged state is refused with a clear message; a cross-site form is refused.
      const forged = await app.request(
        `${ORIGIN}/settings/paste`,
        form({ url: `${ORIGIN}/callback?code=x&state=forged` }),
      );
      assert.equal(forged.status, 400);
      assert.match(await forged.text(), /unknown or expired/);
      const crossSite = await app.request(`${ORIGIN}/settings/connect`, {
        ...form({ user: "eve" }),
        headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://evil.example" },
      });
      assert.equal(crossSite.status, 403);

      // A refused token shows on every page.
      await warehouse.run("update spotify_connection set status = 'needs_reconnect' where user_name = 'ana'");
      const overview = await (await app.request(`${ORIGIN}/`)).text();
      assert.match(
        overview,
        /role="alert">Spotify stopped accepting the connection of “ana”: connect it again/,
      );
      const jobs = await (await app.request(`${ORIGIN}/jobs`)).text();
      assert.match(jobs, /role="alert"/);
    });
  } finally {
    await fake.close();
  }
});
