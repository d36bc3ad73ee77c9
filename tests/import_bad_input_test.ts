/**
 * Bad input gets a clear error naming the file (and row where known) and leaves the warehouse exactly as it was.
 * Each case first imports the good fixtures, then the bad input, and compares a fingerprint of the warehouse.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { importExports } from "../pipeline/imports/import_exports.ts";
import { writeZip } from "../pipeline/imports/zip/mod.ts";
import { EXPORT_EXTENDED, UTC_SETTINGS, warehouseFingerprint, withWarehouse } from "./test_warehouse.ts";

const options = { user: "me", settings: UTC_SETTINGS };

const GOOD_ROW = {
  ts: "2024-01-01T00:00:00Z",
  ms_played: 1000,
  master_metadata_track_name: "T",
  master_metadata_album_artist_name: "A",
  spotify_track_uri: "spotify:track:0000000000000000000XYZ",
};

interface BadCase {
  name: string;
  /** Writes the bad input into `dir` and returns the path to import. */
  make: (dir: string) => Promise<string>;
  /** The error message must match this. */
  error: RegExp;
}

const cases: BadCase[] = [
  {
    name: "a corrupt ZIP",
    make: async (dir) => {
      const path = join(dir, "my_spotify_data.zip");
      await Deno.writeFile(path, new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]));
      return path;
    },
    error: /my_spotify_data\.zip.*(end-of-central-directory|ZIP)/i,
  },
  {
    name: "a truncated JSON file",
    make: async (dir) => {
      const path = join(dir, "Streaming_History_Audio_2024.json");
      const json = JSON.stringify([GOOD_ROW, GOOD_ROW, GOOD_ROW], null, 2);
      await Deno.writeTextFile(path, json.slice(0, Math.floor(json.length * 0.8)));
      return path;
    },
    error: /Streaming_History_Audio_2024\.json/,
  },
  {
    name: "a file that is not JSON",
    make: async (dir) => {
      const path = join(dir, "notes.json");
      await Deno.writeTextFile(path, "this is not json");
      return path;
    },
    error: /Cannot import ".*notes\.json": not JSON/,
  },
  {
    name: "an unknown JSON shape",
    make: async (dir) => {
      const path = join(dir, "Streaming_History_Audio_2024.json");
      await Deno.writeTextFile(path, JSON.stringify([{ ts: "2024-01-01T00:00:00Z", duration: 5 }]));
      return path;
    },
    error: /Streaming_History_Audio_2024\.json.*unknown play row shape \(keys: ts, duration\)/,
  },
  {
    name: "a wrong field type",
    make: async (dir) => {
      const path = join(dir, "Streaming_History_Audio_2024.json");
      await Deno.writeTextFile(path, JSON.stringify([GOOD_ROW, { ...GOOD_ROW, ms_played: "a lot" }]));
      return path;
    },
    error: /Streaming_History_Audio_2024\.json.*row 2.*"a lot"/,
  },
  {
    name: "an unparseable timestamp",
    make: async (dir) => {
      const path = join(dir, "Streaming_History_Audio_2019.json");
      await Deno.writeTextFile(path, JSON.stringify([GOOD_ROW, GOOD_ROW, { ...GOOD_ROW, ts: "2019-13-01" }]));
      return path;
    },
    error: /^Cannot parse "ts" in Streaming_History_Audio_2019\.json row 3: "2019-13-01"$/,
  },
  {
    name: "an unparseable account endTime",
    make: async (dir) => {
      const path = join(dir, "StreamingHistory0.json");
      const row = { endTime: "yesterday", artistName: "A", trackName: "T", msPlayed: 1 };
      await Deno.writeTextFile(path, JSON.stringify([row]));
      return path;
    },
    error: /Cannot parse "endTime" in StreamingHistory0\.json row 1: "yesterday"/,
  },
  {
    name: "a bad file inside a ZIP after good ones",
    make: async (dir) => {
      const path = join(dir, "export.zip");
      await writeZip(path, [
        {
          name: "Spotify Extended Streaming History/Streaming_History_Audio_2023.json",
          data: JSON.stringify([GOOD_ROW]),
        },
        {
          name: "Spotify Extended Streaming History/Streaming_History_Audio_2024.json",
          data: JSON.stringify([GOOD_ROW, { ...GOOD_ROW, shuffle: "sometimes" }]),
        },
      ]);
      return path;
    },
    error: /export\.zip\/Spotify Extended Streaming History\/Streaming_History_Audio_2024\.json.*row 2/,
  },
  {
    name: "a path that does not exist",
    make: (dir) => Promise.resolve(join(dir, "missing.zip")),
    error: /Cannot read ".*missing\.zip"/,
  },
  {
    name: "an empty file given explicitly",
    make: async (dir) => {
      const path = join(dir, "empty.json");
      await Deno.writeTextFile(path, "");
      return path;
    },
    error: /Cannot import ".*empty\.json": empty file/,
  },
];

for (const badCase of cases) {
  Deno.test(`importExports() rejects ${badCase.name} and leaves the warehouse unchanged`, async () => {
    await withWarehouse(async (warehouse, dir) => {
      await importExports(warehouse, [EXPORT_EXTENDED], options);
      const before = await warehouseFingerprint(warehouse);
      const path = await badCase.make(dir);
      await assert.rejects(
        () => importExports(warehouse, [EXPORT_EXTENDED, path], options),
        (error: Error) => {
          assert.match(error.message, badCase.error);
          return true;
        },
      );
      assert.equal(await warehouseFingerprint(warehouse), before);
      // No temp files are left behind beside the warehouse.
      const leftovers = [...Deno.readDirSync(dir)].map((entry) => entry.name).filter((name) =>
        name.startsWith(".import")
      );
      assert.deepEqual(leftovers, []);
    });
  });
}

Deno.test("importExports() with dryRun reports like a real import and changes nothing", async () => {
  await withWarehouse(async (warehouse) => {
    const before = await warehouseFingerprint(warehouse);
    const dry = await importExports(warehouse, [EXPORT_EXTENDED], { ...options, dryRun: true });
    assert.equal(await warehouseFingerprint(warehouse), before);
    assert.equal(dry.importId, null);
    const real = await importExports(warehouse, [EXPORT_EXTENDED], options);
    assert.deepEqual(dry.totals, real.totals);
    assert.deepEqual(dry.totals.newPlays, 10);
  });
});

/** Marks every entry of a ZIP written by writeZip as a Unix symlink (mode 0o120777 in the central directory). */
async function markAsSymlinks(path: string): Promise<void> {
  const bytes = await Deno.readFile(path);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i + 46 <= bytes.length; i++) {
    if (view.getUint32(i, true) === 0x02014b50) {
      view.setUint8(i + 5, 3); // made by Unix
      view.setUint32(i + 38, (0o120777 << 16) >>> 0, true);
    }
  }
  await Deno.writeFile(path, bytes);
}

Deno.test("importExports() refuses ZIP bombs before decompressing, and skips symlinks and odd names", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await importExports(warehouse, [EXPORT_EXTENDED], options);
    const before = await warehouseFingerprint(warehouse);
    const bomb = join(dir, "bomb.zip");
    // 64 MiB of one repeated row compresses about 1000 times.
    const row = JSON.stringify(GOOD_ROW) + ",";
    await writeZip(bomb, [{
      name: "Streaming_History_Audio_2024.json",
      data: "[" + row.repeat(64 * 1024 ** 2 / row.length) + "]",
    }]);
    await assert.rejects(
      () => importExports(warehouse, [bomb], options),
      /Cannot import "Streaming_History_Audio_2024\.json" in ".*bomb\.zip": it expands \d+ times \(a ZIP bomb\?\)/,
    );
    assert.equal(await warehouseFingerprint(warehouse), before);

    const links = join(dir, "links.zip");
    await writeZip(links, [{ name: "Streaming_History_Audio_2024.json", data: "/etc/passwd" }]);
    await markAsSymlinks(links);
    const traversal = join(dir, "traversal.zip");
    await writeZip(traversal, [
      {
        name: "../../../../tmp/Streaming_History_Audio_2024.json",
        data: JSON.stringify([{ ...GOOD_ROW, ts: "2024-02-02T00:00:00Z" }]),
      },
    ]);
    const report = await importExports(warehouse, [links, traversal], options);
    assert.deepEqual(report.skipped, [{
      file: "links.zip/Streaming_History_Audio_2024.json",
      reason: "a symbolic link, not a file",
    }]);
    // A ../ name is only a label: nothing is written where it points, the rows are read like any others.
    assert.deepEqual(report.totals.newPlays, 1);
    assert.equal(
      await Deno.stat("/tmp/Streaming_History_Audio_2024.json").then(() => true, () => false),
      false,
    );
  });
});
