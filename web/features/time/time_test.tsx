import assert from "node:assert/strict";
import { importExports } from "../../../pipeline/imports/import_exports.ts";
import {
  EXPORT_ACCOUNT,
  EXPORT_EXTENDED,
  UTC_SETTINGS,
  withWarehouse,
} from "../../../tests/test_warehouse.ts";
import { createApp } from "../../app.tsx";

Deno.test("GET /time: weekday x hour heatmap and day-part shares in local time (hand-computed)", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED, EXPORT_ACCOUNT], { user: "me", settings: UTC_SETTINGS });
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
    });
    const response = await app.request("/time");
    assert.equal(response.status, 200);
    const html = await response.text();
    // 5,721,489 ms in all. Weekdays: night 240,000 (Mon 00:30); morning 3,761,490 (two 30-minute podcasts on a
    // Friday among them); afternoon 89,999; evening 530,000. Weekends: morning 700,000; evening 400,000.
    const weekdays = /<th scope="row">Weekdays<\/th>((?:<td class="number">[^<]*<\/td>){4})/.exec(html)![1];
    const weekends = /<th scope="row">Weekends<\/th>((?:<td class="number">[^<]*<\/td>){4})/.exec(html)![1];
    const cells = (row: string) => [...row.matchAll(/<td class="number">([^<]*)<\/td>/g)].map((m) => m[1]);
    assert.deepEqual(cells(weekdays), ["4.2 %", "65.7 %", "1.6 %", "9.3 %"]);
    assert.deepEqual(cells(weekends), ["0.0 %", "12.2 %", "0.0 %", "7.0 %"]);
    assert.match(html, /the busiest is Fri at 7:00 with 60 minutes\./);
    assert.match(html, /<svg[^>]*aria-label="Listening by weekday and hour"/);
    const bad = await app.request("/time?period=2024-99");
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /has no month 99/);
  });
});
