import assert from "node:assert/strict";
import { importExports } from "../../../pipeline/imports/import_exports.ts";
import {
  EXPORT_ACCOUNT,
  EXPORT_EXTENDED,
  UTC_SETTINGS,
  withWarehouse,
} from "../../../tests/test_warehouse.ts";
import { createApp } from "../../app.tsx";
import { generateExtendedHistory } from "../../../pipeline/demo/history/mod.ts";

function plays(html: string) {
  // Names link to their detail pages; the links are checked on their own.
  return [
    ...withoutLinks(html).matchAll(
      /<tr class="(?:un)?counted"><td class="when">([^<]+)<\/td><td>([^<]*)(?:<span class="secondary">([^<]*)<\/span>)?<\/td>/g,
    ),
  ]
    .map((m) => [m[1], m[2], m[3] ?? null]);
}

Deno.test("GET /history lists plays newest first, searches names case-insensitively, in local time", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED, EXPORT_ACCOUNT], { user: "me", settings: UTC_SETTINGS });
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "Europe/Berlin",
    });
    const all = await (await app.request("/history")).text();
    assert.match(all, /16 plays in all time; times in Europe\/Berlin\./);
    assert.deepEqual(plays(all).slice(0, 3), [
      ["2025-02-02, 09:00", "Chapter 2", "The Book"], // audiobook from account data, 08:00 UTC
      ["2025-02-01, 09:00", "Chapter 1", "The Book"],
      ["2024-06-01, 20:00", "Кукушка", "Кино"],
    ]);
    // "sigur" matches the artist in any case: three plays.
    const sigur = await (await app.request("/history?q=SIGUR")).text();
    assert.match(sigur, /3 plays in all time matching “SIGUR”/);
    assert.deepEqual(plays(sigur).map((row) => row[1]), ["Glósóli", "Glósóli", "Hoppípolla"]);
    const show = await (await app.request("/history?q=the%20show&period=2023")).text();
    assert.deepEqual(plays(show).map((row) => [row[1], row[2]]), [["Episode One", "The Show"], [
      "Episode One",
      "The Show",
    ]]);
    const none = await (await app.request("/history?q=%3Cscript%3E")).text();
    assert.match(none, /No plays found\./);
    assert.match(none, /matching “&lt;script&gt;”/);
    assert.equal((await app.request("/history?period=yesterday")).status, 400);

    // Page 2 starts at the 51st newest play, with and without a search.
    const dir = await Deno.makeTempDir();
    for (const file of generateExtendedHistory({ plays: 2000, seed: 9 })) {
      await Deno.writeTextFile(`${dir}/${file.name.replaceAll("/", "_")}`, file.json);
    }
    await importExports(warehouse, [dir], { user: "me", settings: UTC_SETTINGS });
    await Deno.remove(dir, { recursive: true });
    const expected = await warehouse.value<string>(
      "select strftime(timezone('Europe/Berlin', played_at), '%Y-%m-%d, %H:%M') from fct_play order by played_at desc limit 1 offset 50",
    );
    const second = await (await app.request("/history?page=2")).text();
    assert.equal(plays(second)[0][0], expected);
    const searched = await (await app.request("/history?q=%20&page=2")).text(); // a blank search is no search
    assert.equal(plays(searched).length, 50);
  });
});

function withoutLinks(html: string): string {
  return html.replace(/<a href="[^"]*">|<\/a>/g, "");
}
