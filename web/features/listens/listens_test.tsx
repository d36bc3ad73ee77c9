import assert from "node:assert/strict";
import { listenPlays, NOW, withListenApp } from "../../../tests/test_listens.ts";
import { hashPassword } from "../../../lib/passwords.ts";
import { zonedTimeToUtc } from "./form.ts";

function add(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return new Request("http://localhost/listens", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", ...headers },
    body: new URLSearchParams(fields),
  });
}

const VINYL = {
  user: "rob",
  track: "Pink Moon",
  artist: "Nick Drake",
  album: "Pink Moon",
  started_at: "2026-02-28T21:30",
  duration: "2:06",
};

Deno.test("a listen added by hand is a play (its time read in TIMEZONE, its duration as typed), and can be deleted", async () => {
  await withListenApp(async ({ app, warehouse }) => {
    const added = await app.request(add(VINYL));
    assert.equal(added.status, 303);
    assert.equal(added.headers.get("location"), "/listens?done=added");
    // 21:30 in Berlin (UTC+1 in February) is 20:30 UTC; 2:06 is 126 s, as typed (not an estimate).
    assert.deepEqual(await listenPlays(warehouse), [{
      user: "rob",
      source: "manual",
      client: "manual",
      listened_at: Date.parse("2026-02-28T20:30:00Z") / 1000,
      ms_played: 126_000,
      artist: "Nick Drake",
      track: "Pink Moon",
      album: "Pink Moon",
    }]);
    assert.equal(await warehouse.value("select ms_is_estimated from fct_play"), false);
    const page = await (await app.request("/listens?done=added")).text();
    assert.match(page, /Added\./);
    assert.match(
      page,
      /<td class="when">28 Feb 2026, 21:30<\/td><td>Pink Moon<span class="secondary">Nick Drake/,
    );
    const id = /action="\/listens\/(\d+)\/delete"/.exec(page)![1];
    const deleted = await app.request(
      new Request(`http://localhost/listens/${id}/delete`, {
        method: "POST",
        headers: { origin: "http://localhost" },
      }),
    );
    assert.equal(deleted.status, 303);
    assert.deepEqual(await listenPlays(warehouse), []);
    assert.equal(await warehouse.value("select count(*) from raw_submitted_listen"), 0);
    // Deleting it again: nothing to delete.
    const again = await app.request(
      new Request(`http://localhost/listens/${id}/delete`, {
        method: "POST",
        headers: { origin: "http://localhost" },
      }),
    );
    assert.equal(again.status, 404);
  }, { timezone: "Europe/Berlin" });
});

Deno.test("the manual listen form says what is wrong, keeps what was typed, and lands nothing", async () => {
  await withListenApp(async ({ app, warehouse }) => {
    const res = await app.request(
      add({ ...VINYL, artist: " ", started_at: "2026-13-01T10:00", duration: "long" }),
    );
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.match(html, /<li>The artist is needed, and at most 512 characters\.<\/li>/);
    assert.match(html, /<li>When it started: a date and time from 2002-10-01 until now\.<\/li>/);
    assert.match(
      html,
      /<li>The duration is &quot;3:25&quot;, &quot;1:02:03&quot; or whole minutes \(&quot;45&quot;\), or left empty\.<\/li>/,
    );
    assert.match(html, /name="track" required maxlength="512" value="Pink Moon"/);
    assert.equal(await warehouse.value("select count(*) from raw_submitted_listen"), 0);
    // A start more than an hour ahead of the clock is refused.
    const later = new Date(NOW.getTime() + 2 * 3_600_000).toISOString().slice(0, 16);
    assert.equal((await app.request(add({ ...VINYL, started_at: later }))).status, 400);
  });
});

Deno.test("the manual listen form needs the login and our own Origin, as every form", async () => {
  await withListenApp(async ({ app, warehouse }) => {
    assert.equal((await app.request(add(VINYL))).status, 401);
    assert.equal((await app.request(add(VINYL, { origin: "https://evil.example" }))).status, 403);
    assert.equal(await warehouse.value("select count(*) from raw_submitted_listen"), 0);
  }, { auth: { passwordHash: hashPassword("a long admin password") } });
});

Deno.test("zonedTimeToUtc() reads a wall-clock time in a zone, across a DST change", () => {
  assert.equal(
    zonedTimeToUtc("2026-07-01T12:00", "Europe/Berlin")?.toISOString(),
    "2026-07-01T10:00:00.000Z",
  );
  assert.equal(
    zonedTimeToUtc("2026-03-29T03:30", "Europe/Berlin")?.toISOString(),
    "2026-03-29T01:30:00.000Z",
  );
  assert.equal(
    zonedTimeToUtc("2026-01-01T00:00", "America/New_York")?.toISOString(),
    "2026-01-01T05:00:00.000Z",
  );
  assert.equal(zonedTimeToUtc("2026-02-30T10:00", "UTC"), undefined);
  assert.equal(zonedTimeToUtc("yesterday", "UTC"), undefined);
});
