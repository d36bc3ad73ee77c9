/**
 * The Spotify check on Settings against the fake Spotify: each thing Spotify's 2026 rules can refuse is named
 * in words (unknown client, redirect URI not registered, wrong secret, owner without Premium, user not on the
 * app's list), and a service that cannot be reached is "not known", never "fine".
 */
import assert from "node:assert/strict";
import { checkSpotify } from "../pipeline/spotify/check.ts";
import { seedConnection } from "../warehouse/state/spotify_connections.ts";
import { FakeSpotify } from "./fakes/spotify.ts";
import { freePort } from "./test_cli.ts";
import { withWarehouse } from "./test_warehouse.ts";

const REDIRECT = "http://127.0.0.1:8080/callback";

async function withFake(fn: (fake: FakeSpotify) => Promise<void>): Promise<void> {
  const fake = new FakeSpotify();
  fake.redirectUris.add(REDIRECT);
  try {
    await fn(fake);
  } finally {
    await fake.close();
  }
}

const summary = (checks: { subject: string; status: string }[]) =>
  checks.map(({ subject, status }) => `${subject}: ${status}`);

Deno.test("checkSpotify() says the app is fine, and that accounts can be judged once one is connected", async () => {
  await withFake(async (fake) => {
    const checks = await checkSpotify(fake.config());
    assert.deepEqual(summary(checks), ["client ID: ok", "redirect URI: ok", "accounts: unknown"]);
    assert.match(checks[1].says, /lists http:\/\/127\.0\.0\.1:8080\/callback/);
  });
});

Deno.test("checkSpotify() names an unknown client id and a redirect URI the app does not list", async () => {
  await withFake(async (fake) => {
    const unknown = await checkSpotify({ ...fake.config(), clientId: "ffffffffffffffffffffffffffffffff" });
    assert.deepEqual(summary(unknown), ["client ID: problem"]);
    assert.match(unknown[0].says, /knows no app with the client ID ffff/);

    const elsewhere = await checkSpotify(fake.config({ redirectUri: "https://nas.example/callback" }));
    assert.deepEqual(summary(elsewhere), ["client ID: ok", "redirect URI: problem"]);
    assert.match(elsewhere[1].says, /does not list https:\/\/nas\.example\/callback .* Redirect URIs/);
  });
});

Deno.test("checkSpotify() tries the client secret", async () => {
  await withFake(async (fake) => {
    fake.clientSecret = "0123456789abcdef0123456789abcdef";
    const right = await checkSpotify({ ...fake.config(), clientSecret: fake.clientSecret });
    assert.deepEqual(summary(right).slice(0, 3), ["client ID: ok", "redirect URI: ok", "client secret: ok"]);
    const wrong = await checkSpotify({ ...fake.config(), clientSecret: "f".repeat(32) });
    assert.equal(wrong[2].status, "problem");
    assert.match(wrong[2].says, /refuses it for this client ID/);
  });
});

Deno.test("checkSpotify() names the owner's missing Premium and a user not on the app's list", async () => {
  await withFake(async (fake) => {
    await withWarehouse(async (warehouse) => {
      await seedConnection(warehouse, "me", fake.issueRefreshToken("me"));
      await seedConnection(warehouse, "alex", fake.issueRefreshToken("alex"));
      const config = fake.config();
      const fine = await checkSpotify(config, { warehouse });
      assert.deepEqual(summary(fine).slice(2).sort(), ["account “alex”: ok", "account “me”: ok"]);

      fake.allowedUsers = new Set(["me"]);
      const listed = await checkSpotify(config, { warehouse });
      const alex = listed.find((check) => check.subject === "account “alex”")!;
      assert.equal(alex.status, "problem");
      assert.match(alex.says, /not on the app's user list.*User Management/);
      assert.equal(listed.find((check) => check.subject === "account “me”")!.status, "ok");

      fake.ownerHasPremium = false;
      const premium = await checkSpotify(config, { warehouse });
      for (const check of premium.slice(2)) {
        assert.equal(check.status, "problem");
        assert.match(check.says, /owner has no Premium subscription/);
      }
    });
  });
});

Deno.test("checkSpotify() says 'not known' when Spotify cannot be reached", async () => {
  const nobody = `http://127.0.0.1:${freePort()}`;
  const checks = await checkSpotify({
    clientId: "0".repeat(32),
    clientSecret: undefined,
    seedRefreshToken: undefined,
    redirectUri: REDIRECT,
    apiBaseUrl: nobody,
    accountsBaseUrl: nobody,
  });
  assert.deepEqual(summary(checks), ["Spotify: unknown"]);
  assert.match(checks[0].says, /cannot be reached/);
});
