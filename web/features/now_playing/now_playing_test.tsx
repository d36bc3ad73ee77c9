import assert from "node:assert/strict";
import { NowPlayingBoard } from "../../../lib/now_playing.ts";
import { importPlays, UTC_SETTINGS, withWarehouse } from "../../../tests/test_warehouse.ts";
import { createApp } from "../../app.tsx";

Deno.test("the Overview shows Now playing in the page as served, fresh on every request although the page is cached", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await importPlays(warehouse, dir, [{
      ts: "2026-01-10T10:05:00Z",
      track: "Jóga",
      artist: "Björk",
      ms: 300_000,
    }]);
    let clock = new Date("2026-01-10T12:00:00Z");
    const board = new NowPlayingBoard({ now: () => clock });
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: UTC_SETTINGS.timezone,
      dataVersion: () => "1",
      nowPlaying: board,
      now: () => clock,
    });
    // A browser gets the cached page gzipped, the line filled in; a client without gzip gets the same, plain.
    const line = async (path = "/") => {
      const plain = await (await app.request(path)).text();
      const zipped = await app.request(path, { headers: { "accept-encoding": "gzip" } });
      const unzipped = zipped.headers.get("content-encoding") === "gzip"
        ? await new Response(zipped.body!.pipeThrough(new DecompressionStream("gzip"))).text()
        : await zipped.text();
      assert.equal(unzipped, plain);
      if (path === "/") assert.equal(zipped.headers.get("content-encoding"), "gzip");
      return /<section id="now-playing"[^>]*>(.*?)<\/section>/s.exec(plain)?.[1];
    };
    assert.equal(await line(), '<p class="now-playing-idle">Nothing playing right now.</p>');
    board.report({
      user: "me",
      artist: "Röyksopp",
      track: "Some Resolve",
      album: "Profound Mysteries II",
      client: "navidrome",
      durationMs: 402_000,
      source: "listenbrainz",
    });
    // The same cached page, with what plays now.
    assert.equal(
      await line(),
      '<p><span class="now-playing-label">Now playing</span> <strong>Some Resolve</strong> by Röyksopp' +
        '<span class="now-playing-more">· Profound Mysteries II</span>' +
        '<span class="now-playing-more">· me, on navidrome</span></p>',
    );
    // htmx asks for the line alone; it says the same, and expires with the track (402 s after it was reported).
    const fragment = await app.request("/now-playing");
    assert.equal(fragment.headers.get("cache-control"), "no-store");
    assert.match(
      await fragment.text(),
      /^<section id="now-playing"[^>]* hx-get="\/now-playing" hx-trigger="every 15s"/,
    );
    clock = new Date(clock.getTime() + 403_000);
    assert.equal(await line("/now-playing"), '<p class="now-playing-idle">Nothing playing right now.</p>');
  });
});
