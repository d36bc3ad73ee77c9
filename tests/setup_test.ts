/**
 * The first run, through the whole server in this process: the setup offered on a fresh machine, its steps
 * stored and applied at once, and, served beyond loopback without a password, nothing but the password step,
 * to the browser holding the one-time link. Bad input is refused with a clear message and changes nothing.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { Warehouse } from "../warehouse/duckdb.ts";
import { cookieOf, LAN, withServer } from "./test_server.ts";

async function storedSettings(dir: string): Promise<Record<string, string>> {
  const warehouse = await Warehouse.open(join(dir, "music.duckdb"), { readOnly: true });
  try {
    const rows = await warehouse.rows("select key, value from setting order by key");
    return Object.fromEntries(rows.map((row) => [row.key as string, row.value as string]));
  } finally {
    warehouse.close();
  }
}

Deno.test("first run on this machine: the dashboard offers the setup; each step is stored and applied at once", async () => {
  await withServer(async ({ server, request, post }) => {
    const overview = await request("/");
    assert.equal(overview.status, 200);
    const html = await overview.text();
    assert.match(html, /Welcome to Music Tracker/);
    assert.match(html, /href="\/setup"/);

    const setup = await (await request("/setup")).text();
    const steps = [...setup.matchAll(/<a href="\/setup\/(\w+)">/g)].map((match) => match[1]);
    assert.deepEqual(steps, ["timezone", "spotify", "musicbrainz", "import"], "no password step on loopback");

    // The time zone field shows the default for the browser's guess to replace; a wrong zone changes nothing.
    const timezone = await (await request("/setup/timezone")).text();
    assert.match(timezone, /data-guess-timezone="yes"/);
    const wrong = await post("/setup/timezone", { value: "Europe/Atlantis" });
    assert.equal(wrong.status, 400);
    assert.match(await wrong.text(), /Nothing was changed: TIMEZONE must be an IANA time zone/);
    assert.equal(server.settings.config.timezone, "UTC");

    const confirmed = await post("/setup/timezone", { value: "Europe/Berlin" });
    assert.equal(confirmed.status, 303, await confirmed.text());
    assert.equal(confirmed.headers.get("location"), "/setup/spotify");
    assert.equal(server.settings.config.timezone, "Europe/Berlin");

    // Spotify: a malformed client id is refused; a good one is kept and checked at once.
    const malformed = await post("/setup/spotify", { value: "my-client-id" });
    assert.equal(malformed.status, 400);
    assert.match(await malformed.text(), /SPOTIFY_CLIENT_ID must be your Spotify app&#39;s Client ID/);
    assert.equal(server.settings.config.spotify, undefined);

    const contact = await post("/setup/musicbrainz", { value: "ana@example.org" });
    assert.equal(contact.headers.get("location"), "/setup/import");
    assert.equal(server.settings.config.musicbrainz.contact, "ana@example.org");
    const upload = await (await request("/setup/import")).text();
    assert.match(upload, /<form method="post" action="\/import" enctype="multipart\/form-data"/);

    // A setting is stored: the dashboard no longer offers the setup; Settings has every step.
    assert.doesNotMatch(await (await request("/")).text(), /Welcome to Music Tracker/);
    const settings = await (await request("/settings")).text();
    assert.match(settings, /value="Europe\/Berlin"/);
    assert.match(settings, /Stored here\./);
  });
});

Deno.test("first run: skipping the setup stops the offer for good; it stays reachable", async () => {
  await withServer(async ({ request, post }) => {
    assert.match(await (await request("/")).text(), /Welcome to Music Tracker/);
    const skipped = await post("/setup/finish", {});
    assert.equal(skipped.status, 303);
    assert.doesNotMatch(await (await request("/")).text(), /Welcome to Music Tracker/);
    assert.equal((await request("/setup")).status, 200);
  });
});

Deno.test("beyond loopback without a password: only the password step, once, to the holder of the printed link", async () => {
  await withServer(async ({ server, request, post }) => {
    const link = server.setupLink;
    assert.ok(link, "a setup link exists");
    assert.match(link.path, /^\/setup\?token=[A-Za-z0-9_-]{43}$/);

    // Nothing else is served, from anywhere: a page, the setup, Settings, the API, a form.
    for (const path of ["/", "/top/artists", "/settings", "/setup", "/setup/password", "/import"]) {
      const refused = await request(path, { from: LAN });
      assert.equal(refused.status, 403, path);
      assert.match(await refused.text(), /needs an admin password first/, path);
    }
    const api = await request("/api/jobs", { from: LAN });
    assert.equal(api.status, 403);
    assert.match((await api.json()).error, /open the setup link/);
    const posted = await post("/settings/values", { key: "TIMEZONE", value: "Asia/Tokyo" }, { from: LAN });
    assert.equal(posted.status, 403);
    assert.equal((await request("/healthz", { from: LAN })).status, 200);
    assert.equal((await request("/static/style.css", { from: LAN })).status, 200);

    // A wrong token is refused; the right one works once and moves the token out of the URL.
    for (const token of ["", "x", link.token.slice(0, -1), `${link.token}x`, link.token.toUpperCase()]) {
      const wrong = await request(`/setup?token=${encodeURIComponent(token)}`, { from: LAN });
      assert.equal(wrong.status, 403, token);
      assert.match(await wrong.text(), /This setup link does not work/);
    }
    const opened = await request(link.path, { from: LAN, redirect: "manual" });
    assert.equal(opened.status, 303);
    assert.equal(opened.headers.get("location"), "/setup/password");
    const setupCookie = cookieOf(opened, "mt_setup")!;
    assert.ok(setupCookie);
    assert.match(opened.headers.get("set-cookie")!, /HttpOnly; SameSite=Strict/);
    const again = await request(link.path, { from: LAN, redirect: "manual" });
    assert.equal(again.status, 403, "the link works once");

    const step = await request("/setup/password", { from: LAN, headers: { cookie: setupCookie } });
    assert.equal(step.status, 200);
    const form = await step.text();
    assert.match(form, /name="password" type="password"/);
    assert.doesNotMatch(form, /<nav/, "no navigation before a password exists");
    assert.doesNotMatch(form, /all steps/);
    // The setup cookie opens the password step only.
    assert.equal((await request("/", { from: LAN, headers: { cookie: setupCookie } })).status, 403);
    assert.equal(
      (await request("/setup/timezone", { from: LAN, headers: { cookie: setupCookie } })).status,
      403,
    );

    // Too short, two different ones, or from another site: refused, nothing stored.
    const options = { from: LAN, cookie: setupCookie };
    const short = await post("/setup/password", { password: "short", repeat: "short" }, options);
    assert.equal(short.status, 400);
    assert.match(
      await short.text(),
      /Nothing was changed: ADMIN_PASSWORD must be at least 10 characters long/,
    );
    const differ = await post(
      "/setup/password",
      { password: "a long password", repeat: "a long passw0rd" },
      options,
    );
    assert.equal(differ.status, 400);
    assert.match(await differ.text(), /the two passwords differ/);
    const crossSite = await post("/setup/password", {
      password: "a long password",
      repeat: "a long password",
    }, {
      ...options,
      origin: "http://evil.example",
    });
    assert.equal(crossSite.status, 403);
    assert.match(await crossSite.text(), /came from another site/);
    assert.deepEqual(await server.settings.list().find((s) => s.key === "ADMIN_PASSWORD")?.value, null);

    const set = await post(
      "/setup/password",
      { password: "a long password", repeat: "a long password" },
      options,
    );
    assert.equal(set.status, 303);
    assert.equal(set.headers.get("location"), "/setup");
    const session = cookieOf(set, "mt_session")!;
    assert.ok(session, "the browser that set the password is signed in");

    // Now every page asks for the password, the setup cookie is spent, and this browser is in.
    const anonymous = await request("/", { from: LAN, redirect: "manual" });
    assert.equal(anonymous.status, 303);
    assert.match(anonymous.headers.get("location")!, /^\/login/);
    assert.equal(
      (await request("/setup/password", { from: LAN, headers: { cookie: setupCookie } })).status,
      303,
    );
    assert.equal((await request(link.path, { from: LAN, redirect: "manual" })).status, 303);
    const signedIn = await request("/setup", { from: LAN, headers: { cookie: session } });
    assert.equal(signedIn.status, 200);
    assert.match(await signedIn.text(), /href="\/setup\/password">An admin password<\/a> \(set\)/);
    const login = await post("/login", { password: "a long password", next: "/" }, { from: LAN });
    assert.equal(login.status, 303);
    // Reachable from other machines, the password cannot be removed (nobody could get in again).
    const removed = await post("/settings/values/reset", { key: "ADMIN_PASSWORD" }, {
      from: LAN,
      cookie: session,
    });
    assert.equal(removed.status, 400);
    assert.match(await removed.text(), /keeps an admin password: set a new one instead/);

    assert.match(server.settings.config.adminPasswordHash ?? "", /^scrypt\$/);
  }, {
    env: { HOST: "0.0.0.0" },
    after: async (dir) => {
      assert.match((await storedSettings(dir)).ADMIN_PASSWORD, /^scrypt\$/);
      const file = new TextDecoder().decode(await Deno.readFile(join(dir, "music.duckdb")));
      assert.equal(file.includes("a long password"), false, "only the hash is kept");
    },
  });
});

Deno.test("beyond loopback with an admin password: no setup link, the login as before", async () => {
  await withServer(async ({ server, request }) => {
    assert.equal(server.setupLink, undefined);
    const page = await request("/", { from: LAN, redirect: "manual" });
    assert.equal(page.status, 303);
    assert.equal((await request("/setup?token=anything", { from: LAN, redirect: "manual" })).status, 303);
  }, { env: { HOST: "0.0.0.0", ADMIN_PASSWORD: "a long admin password" } });
});
