/** Export ZIPs as Spotify sends them: play files among PDFs and other JSON, read without unpacking to disk. */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { importExports } from "../pipeline/imports/import_exports.ts";
import { writeZip, type ZipInput } from "../pipeline/imports/zip/mod.ts";
import { EXPORT_ACCOUNT, EXPORT_EXTENDED, TESTDATA, UTC_SETTINGS, withWarehouse } from "./test_warehouse.ts";

const options = { user: "me", settings: UTC_SETTINGS };

async function fixtureEntries(folder: string, prefix: string): Promise<ZipInput[]> {
  const entries: ZipInput[] = [];
  for await (const entry of Deno.readDir(folder)) {
    entries.push({ name: `${prefix}/${entry.name}`, data: await Deno.readFile(join(folder, entry.name)) });
  }
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}

Deno.test("importExports() reads an export ZIP, skipping and listing files that are not play histories", async () => {
  await withWarehouse(async (warehouse, dir) => {
    const zip = join(dir, "my_spotify_data.zip");
    await writeZip(zip, [
      ...await fixtureEntries(EXPORT_EXTENDED, "Spotify Extended Streaming History"),
      {
        name: "Spotify Extended Streaming History/ReadMeFirst_ExtendedStreamingHistory.pdf",
        data: "%PDF-1.4\0\0binary",
      },
      { name: "Spotify Extended Streaming History/Streaming_History_Video_2026.json", data: "[]" },
    ]);
    const report = await importExports(warehouse, [zip], options);
    assert.deepEqual(report.totals, {
      rowsRead: 12,
      newPlays: 10,
      duplicates: 1,
      rejected: { "no content": 1 },
    });
    assert.deepEqual(report.skipped, [{
      file: "my_spotify_data.zip/Spotify Extended Streaming History/ReadMeFirst_ExtendedStreamingHistory.pdf",
      reason: "not a text file",
    }]);
    const empty = report.files.find((file) => file.format === "empty");
    assert.equal(
      empty?.file,
      "my_spotify_data.zip/Spotify Extended Streaming History/Streaming_History_Video_2026.json",
    );
    const sources = await warehouse.rows(
      "select distinct source_file from raw_spotify_extended order by 1",
    );
    assert.deepEqual(sources.map((row) => row.source_file), [
      "my_spotify_data.zip/Spotify Extended Streaming History/Streaming_History_Audio_2023-2025_0.json",
      "my_spotify_data.zip/Spotify Extended Streaming History/Streaming_History_Video_2023.json",
      "my_spotify_data.zip/Spotify Extended Streaming History/endsong_0.json",
    ]);
    // Row numbers count from 1 within each file, in file order.
    const rowNumbers = await warehouse.rows(
      `select row_number, ts from raw_spotify_extended where source_file like '%endsong_0.json' order by row_number`,
    );
    assert.deepEqual(rowNumbers, [
      { row_number: 1, ts: "2015-06-01T20:00:00Z" },
      { row_number: 2, ts: "2015-06-01T20:05:00Z" },
    ]);
  });
});

Deno.test("importExports() treats stored (uncompressed) ZIP entries like deflated ones", async () => {
  await withWarehouse(async (warehouse, dir) => {
    const zip = join(dir, "stored.zip");
    await writeZip(zip, await fixtureEntries(EXPORT_ACCOUNT, "MyData"), { store: true });
    const report = await importExports(warehouse, [zip], options);
    assert.deepEqual(report.totals, {
      rowsRead: 11,
      newPlays: 8,
      duplicates: 1,
      rejected: { "no content": 1, "unknown artist and track": 1 },
    });
  });
});

Deno.test("importExports() takes ZIPs, folders and single files in one mix, once each", async () => {
  await withWarehouse(async (warehouse, dir) => {
    const zip = join(dir, "account.zip");
    await writeZip(zip, await fixtureEntries(EXPORT_ACCOUNT, "MyData"));
    const single = join(EXPORT_EXTENDED, "endsong_0.json");
    const report = await importExports(warehouse, [zip, EXPORT_EXTENDED, single], options);
    assert.equal(report.totals.newPlays, 16);
    assert.deepEqual(report.skipped.map((skipped) => skipped.reason).sort(), [
      "a JSON object, not a list of plays",
      "the same file was given twice",
    ]);
    assert.ok(relative(TESTDATA, single).startsWith("export"));
  });
});

Deno.test("importExports() keeps users apart", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED], { ...options, user: "ana" });
    const second = await importExports(warehouse, [EXPORT_EXTENDED], { ...options, user: "ben" });
    assert.equal(second.totals.newPlays, 10);
    const perUser = await warehouse.rows(
      "select user_name, count(*) as plays from fct_play join dim_user using (user_key) group by all order by 1",
    );
    assert.deepEqual(perUser, [{ user_name: "ana", plays: 10 }, { user_name: "ben", plays: 10 }]);
  });
});
