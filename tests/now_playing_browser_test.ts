/**
 * Now playing in a real Chromium: a player's playing_now (Jellyfin's payload) shows on the Overview as served,
 * also without JavaScript; with htmx the line replaces itself from /now-playing. Screenshot:
 * tests/screenshots/now-playing.png (git-ignored; the README's docs/now-playing.png is copied from there by hand,
 * so a test run leaves the worktree clean).
 */
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { HAS_REFERENCE, payload, withListenApp } from "./test_listens.ts";

const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOTS = new URL("./screenshots/", import.meta.url).pathname;
const hasChromium = (() => {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
})();

Deno.test({
  name: "Now playing shows on the Overview as served (no JavaScript needed) and htmx refreshes it in place",
  ignore: (!hasChromium && !Deno.env.get("CI")) || !HAS_REFERENCE,
}, async () => {
  await withListenApp(async ({ app, intake, token }) => {
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.fetch);
    const base = `http://127.0.0.1:${server.addr.port}`;
    const send = async (name: string) => {
      const response = await fetch(`${base}/apis/listenbrainz/1/submit-listens`, {
        method: "POST",
        headers: { authorization: `token ${token}`, "content-type": "application/json" },
        body: payload(name),
      });
      assert.equal(response.status, 200, name);
      await response.body?.cancel();
    };
    for (
      const name of [
        "jellyfin-import-resubmit",
        "navidrome-single",
        "web-scrobbler-single",
        "jellyfin-playing_now",
      ]
    ) {
      await send(name);
    }
    await intake.settled();
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
      ],
    });
    try {
      // Without JavaScript: the line is in the page as served.
      const plain = await browser.newContext({
        javaScriptEnabled: false,
        viewport: { width: 1280, height: 900 },
      });
      const page = await plain.newPage();
      await page.goto(`${base}/`);
      assert.equal(
        await page.locator("#now-playing").innerText(),
        "Now playing Some Resolve by Röyksopp· Profound Mysteries II· rob, on Jellyfin",
      );
      await plain.close();

      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const live = await context.newPage();
      const problems: string[] = [];
      live.on("console", (message) => message.type() === "error" && problems.push(message.text()));
      live.on("pageerror", (error) => problems.push(error.message));
      await live.goto(`${base}/`, { waitUntil: "networkidle" });
      await Deno.mkdir(SCREENSHOTS, { recursive: true });
      await live.screenshot({
        path: `${SCREENSHOTS}now-playing.png`,
        clip: { x: 0, y: 0, width: 1280, height: 420 },
      });
      // Another player starts; htmx asks /now-playing (as its 15 s poll does) and swaps the line in place.
      await send("web-scrobbler-playing_now");
      await live.evaluate(() =>
        (globalThis as unknown as {
          htmx: { ajax: (verb: string, path: string, context: Record<string, string>) => Promise<void> };
        }).htmx.ajax("GET", "/now-playing", { target: "#now-playing", swap: "outerHTML" })
      );
      await live.waitForFunction(() =>
        document.querySelector("#now-playing")?.textContent?.includes("Shake")
      );
      assert.match(await live.locator("#now-playing").innerText(), /^Now playing Shake by I Mitomani Beat/);
      assert.equal(await live.locator("#now-playing").count(), 1, "the line replaced itself, nothing more");
      assert.deepEqual(problems, []);
      await context.close();
    } finally {
      await browser.close();
      await server.shutdown();
    }
  });
});
