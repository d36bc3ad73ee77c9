/**
 * Every page in a real headless Chromium, with artist and track names taken from an XSS payload list: nothing
 * executes, no payload element appears, the text shows intact, and the page logs no errors. Screenshots go to
 * tests/screenshots/ (git-ignored) for a person to look at.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { importExports } from "../pipeline/imports/import_exports.ts";
import { createApp } from "../web/app.tsx";
import { refreshEnrichment, refreshLibrary } from "../warehouse/build.ts";
import { UTC_SETTINGS, withWarehouse } from "./test_warehouse.ts";

const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOTS = new URL("./screenshots/", import.meta.url).pathname;

/** Classic vectors; each would set window.__xss or add a [data-xss] element if it reached the DOM as markup. */
export const XSS_PAYLOADS = [
  `<script>window.__xss=1</script>`,
  `<img src=x onerror="window.__xss=1" data-xss>`,
  `"><svg onload="window.__xss=1" data-xss>`,
  `'><iframe src="javascript:window.__xss=1" data-xss></iframe>`,
  `</td><td data-xss>cell</td>`,
  `<a href="javascript:window.__xss=1" data-xss>click</a>`,
  `{{constructor.constructor('window.__xss=1')()}}`,
  `'';!--"<XSS data-xss>=&{()}`,
  `<style data-xss>body{display:none}</style>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=1" data-xss>`,
  `\u202Egnp.exe — RTL override`,
  `Émoji 🎧 “curly” ‘quotes’ & ampersand`,
];

const hasChromium = (() => {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
})();

Deno.test({
  name: "every page renders XSS payload names as text in Chromium, with no error",
  ignore: !hasChromium && !Deno.env.get("CI"),
}, async () => {
  await withWarehouse(async (warehouse, dir) => {
    const file = join(dir, "Streaming_History_Audio_2024.json");
    const rows = XSS_PAYLOADS.map((payload, i) => ({
      ts: `2024-01-0${(i % 9) + 1}T12:${String(i).padStart(2, "0")}:00Z`,
      ms_played: 200_000 + i * 1000,
      master_metadata_track_name: payload,
      master_metadata_album_artist_name: payload,
      master_metadata_album_album_name: payload,
      spotify_track_uri: `spotify:track:${String(i).padStart(22, "0")}`,
    }));
    await Deno.writeTextFile(file, JSON.stringify(rows));
    await importExports(warehouse, [file], { user: "me", settings: UTC_SETTINGS });
    // Enriched as if MusicBrainz named each artist's genre with the same payload; all from Iceland.
    for (const [i, payload] of XSS_PAYLOADS.entries()) {
      const mbid = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
      await warehouse.run(
        "insert into enrich_artist_match select compared_name($1), $2, 'name search', now()",
        [
          payload,
          mbid,
        ],
      );
      await warehouse.run("insert into raw_musicbrainz values ($1, now(), 200, $2::json)", [
        `artist:${mbid}`,
        JSON.stringify({
          id: mbid,
          genres: [{ name: payload, count: 1 }],
          area: { "iso-3166-1-codes": ["IS"] },
        }),
      ]);
    }
    await warehouse.transaction(() => refreshEnrichment(warehouse));
    // A library snapshot with the payloads as liked songs (never played), followed artists and a playlist.
    await warehouse.run(
      `insert into raw_spotify_library_snapshot values (1, 'me', 'me', '2024-02-01', 12, 12, 1, 0, 0, 5)`,
    );
    for (const [i, payload] of XSS_PAYLOADS.entries()) {
      const values = `$1, '2024-01-20', $2, $2, $2, '2024-02-01', null`;
      await warehouse.run(`insert into snapshot_spotify_library_item values ('me', 'liked', '', ${values})`, [
        `spotify:track:liked${i}`,
        payload,
      ]);
      await warehouse.run(
        `insert into snapshot_spotify_library_item values ('me', 'followed', '', ${values})`,
        [
          `spotify:artist:followed${i}`,
          `${payload} (followed)`,
        ],
      );
    }
    await warehouse.run(
      "insert into snapshot_spotify_playlist values ('me', 'playlist0', $1, 'v1', 0, '2024-02-01', null)",
      [XSS_PAYLOADS[2]],
    );
    await warehouse.transaction(() => refreshLibrary(warehouse));
    await warehouse.run(
      "insert into job_run values (1, 'etl', 'schedule', now(), now(), 'failed', 1, null, $1)",
      [XSS_PAYLOADS[1]],
    );
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
      importer: {
        maxUploadBytes: 1024 ** 3,
        preview: () => Promise.reject(new Error("not in this test")),
        start: () => Promise.resolve(),
        status: () => undefined,
      },
    });
    const detailKey = (kind: string) =>
      warehouse.value<string>(
        `select ${kind}_key::varchar from dim_${kind} where ${kind}_name = $1`,
        [XSS_PAYLOADS[0]],
      );
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.fetch);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    try {
      await Deno.mkdir(SCREENSHOTS, { recursive: true });
      for (
        const path of [
          "/",
          // The script payload's artist, track and album pages.
          `/artists/${await detailKey("artist")}`,
          `/tracks/${await detailKey("track")}`,
          `/albums/${await detailKey("album")}`,
          "/top/artists",
          "/top/tracks",
          "/top/albums",
          "/time",
          "/timeline",
          "/genres",
          "/geography",
          "/behaviour",
          "/habits",
          "/compare",
          "/personality",
          "/podcasts",
          "/history",
          "/review?period=2024",
          "/library",
          "/import",
          "/jobs",
          "/settings",
        ]
      ) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const problems: string[] = [];
        page.on("console", (message) => {
          if (message.type() === "error") problems.push(message.text());
        });
        page.on("pageerror", (error) => problems.push(error.message));
        page.on("dialog", (dialog) => {
          problems.push(`dialog: ${dialog.message()}`);
          dialog.dismiss();
        });
        const response = await page.goto(`http://127.0.0.1:${server.addr.port}${path}`, {
          waitUntil: "networkidle",
        });
        assert.equal(response?.status(), 200, path);
        assert.equal(await page.evaluate("window.__xss"), undefined, `${path}: a payload executed`);
        assert.equal(await page.locator("[data-xss]").count(), 0, `${path}: a payload became markup`);
        assert.deepEqual(problems, [], path);
        await page.screenshot({
          path: `${SCREENSHOTS}${
            path === "/" ? "overview" : path.slice(1).replace(/\/\d+$|\?.*$/, "").replaceAll("/", "-")
          }.png`,
          fullPage: true,
        });
        if (/^\/(artists|tracks|albums)\//.test(path)) {
          assert.equal(await page.locator("h1").innerText(), XSS_PAYLOADS[0], `${path}: the name intact`);
        }
        if (path === "/") {
          const text = await page.locator("main").innerText();
          // The top tables show ten artists and ten tracks: the names with the most minutes, intact.
          const shown = XSS_PAYLOADS.filter((payload) => text.includes(payload.replace(/\s+/g, " ")));
          assert.ok(shown.length >= 10, `only ${shown.length} payloads shown intact`);
        }
        if (path === "/timeline") {
          // Brushing by links: a month's bar leads to that month, day by day.
          await page.locator(".chart-wide svg a").first().click();
          await page.waitForURL(/\/timeline\?period=2024-01&step=day$/);
          assert.match(await page.locator("main p.secondary").innerText(), /^January 2024: /);
        }
        if (path === "/genres") {
          // Genre names are stored lower-cased; every payload shows as text in the top genres table.
          const text = await page.locator("main").innerText();
          const shown = XSS_PAYLOADS.filter((payload) =>
            text.includes(payload.toLowerCase().replace(/\s+/g, " "))
          );
          assert.equal(shown.length, XSS_PAYLOADS.length, "every genre name shown intact");
        }
        if (path === "/geography") {
          assert.match(await page.locator("main").innerText(), /1\tIceland\t12\t/);
        }
        if (path === "/jobs") assert.ok((await page.locator("main").innerText()).includes(XSS_PAYLOADS[1]));
        if (path === "/top/artists") {
          // htmx: choosing "minutes" swaps the table in place and puts the choice in the URL.
          await page.locator("#top-table").evaluate((table) => table.setAttribute("data-before", "1"));
          await page.getByLabel("minutes").check();
          await page.waitForURL(/by=minutes/);
          await page.waitForSelector("#top-table:not([data-before])");
          assert.match(await page.locator("#top-table").innerText(), /ranked by minutes/);
          assert.equal(await page.locator("header").count(), 1, "the swap replaced the table, not the page");
        }
        await page.close();
      }
    } finally {
      await browser.close();
      await server.shutdown();
    }
  });
});
