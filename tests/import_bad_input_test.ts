/**
 * Bad input gets a clear error naming the file (and row where known) and leaves the warehouse exactly as it was.
 * Each case first imports the good fixtures, then the bad input, and compares a fingerprint of the warehouse.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { importExports } from "../pipeline/imports/import_exports.ts";
import { writeZip } from "../pipeline/imports/zip/mod.ts";
import {
  EXPORT_EXTENDED,
  UTC_SETTINGS,
  warehouseFingerprint,
  withWarehouse,
  writeHistoryZip,
} from "./test_warehouse.ts";
import { cli } from "./test_cli.ts";
import { generateExtendedHistory } from "../pipeline/demo/history/mod.ts";
import { Warehouse } from "../warehouse/duckdb.ts";
import { openWarehouse } from "../warehouse/migrate.ts";
import { tableFingerprints } from "../warehouse/fingerprint.ts";

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

Deno.test("a name over 1,000 characters is a rejected row ('name too long'), and nothing of it is stored", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await importExports(warehouse, [EXPORT_EXTENDED], options);
    const path = join(dir, "Streaming_History_Audio_2024.json");
    const row = (i: number, names: Record<string, string>) => ({
      ...GOOD_ROW,
      ts: `2024-03-0${i}T00:00:00Z`,
      spotify_track_uri: `spotify:track:${String(i).padStart(22, "0")}`,
      ...names,
    });
    await Deno.writeTextFile(
      path,
      JSON.stringify([
        row(1, { master_metadata_track_name: "x".repeat(5_000_000) }),
        row(2, { master_metadata_album_artist_name: "A".repeat(1001) }),
        row(3, { master_metadata_album_album_name: "é".repeat(1001) }),
        row(4, { episode_show_name: "S".repeat(1001), spotify_track_uri: "" }),
        // exactly 1,000 characters (not bytes: 1,000 é are 2,000 bytes) is a name like any other
        row(5, { master_metadata_album_artist_name: "é".repeat(1000) }),
      ]),
    );
    const before = await warehouse.value<number>("select count(*) from raw_spotify_extended");
    const report = await importExports(warehouse, [path], options);
    assert.deepEqual(report.files[0].rejected, { "name too long": 4 });
    assert.equal(report.files[0].rowsRead, 5);
    assert.equal(report.files[0].newPlays, 1);
    assert.equal(await warehouse.value<number>("select count(*) from raw_spotify_extended"), before + 1);
    assert.equal(
      await warehouse.value<number>(
        "select max(length(artist_name)) from dim_artist where artist_name like 'é%'",
      ),
      1000,
    );
    // Importing the same file again: the same four are refused again, nothing new.
    const again = await importExports(warehouse, [path], options);
    assert.deepEqual(again.files[0].rejected, { "name too long": 4 });
    assert.equal(again.totals.newPlays, 0);
  });
});

Deno.test("an import that needs more memory than DUCKDB_MEMORY_LIMIT fails naming the setting, changing nothing", async () => {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-oom-" });
  try {
    const db = join(dir, "music.duckdb");
    assert.equal((await cli(["import", "--db", db, EXPORT_EXTENDED])).code, 0);
    const exportDir = join(dir, "export");
    await Deno.mkdir(exportDir);
    for (const file of generateExtendedHistory({ plays: 30_000, seed: 3 })) {
      await Deno.writeTextFile(join(exportDir, file.name.replaceAll("/", "_")), file.json);
    }
    const fingerprint = async () => {
      const warehouse = await Warehouse.open(db, { readOnly: true });
      try {
        // The failed run is in the job history (the Jobs page shows it); everything else stays as it was.
        return await tableFingerprints(warehouse, { ignoreTables: ["job_run", "job_problem"] });
      } finally {
        warehouse.close();
      }
    };
    const before = await fingerprint();
    const failed = await cli(["import", "--db", db, exportDir], { DUCKDB_MEMORY_LIMIT: "12MB" });
    assert.equal(failed.code, 1, failed.stderr);
    assert.match(
      failed.stderr,
      /error: This needs more memory than DUCKDB_MEMORY_LIMIT allows \([\d.]+ MiB\): raise DUCKDB_MEMORY_LIMIT/,
    );
    assert.equal(failed.stderr.trim().split("\n").filter((line) => line.startsWith("error:")).length, 1);
    assert.deepEqual(await fingerprint(), before);
    // With the default limit the same import goes through.
    const imported = await cli(["import", "--db", db, "--json", exportDir]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.equal(JSON.parse(imported.stdout).totals.rowsRead, 30_000);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an import that runs out of memory on two threads is done again on one, and the threads come back", async () => {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-oom-" });
  try {
    // 20,000 plays in a ZIP, as the benchmarks make it: read on two threads it needs over 115 MB, on one under 90.
    const zip = await writeHistoryZip(dir, 20_000);
    const progress: string[] = [];
    const options = { user: "me", settings: UTC_SETTINGS, onProgress: (line: string) => progress.push(line) };
    const threads = (warehouse: Warehouse) => warehouse.value("select current_setting('threads')");
    // The landing turns FSST off for the database while it writes raw (landPendingRows): back on after it.
    const disabledCompression = (warehouse: Warehouse) =>
      warehouse.value("select current_setting('disabled_compression_methods')");
    const warehouse = await openWarehouse(join(dir, "music.duckdb"), UTC_SETTINGS, {
      memoryLimit: "100MB",
      threads: 2,
    });
    try {
      const report = await importExports(warehouse, [zip], options);
      assert.equal(report.totals.rowsRead, 20_000);
      assert.equal(progress.filter((line) => /ran out of memory/.test(line)).length, 1);
      assert.ok(progress.includes("DuckDB ran out of memory on 2 threads: importing again on one thread"));
      assert.equal(await threads(warehouse), 2);
      assert.equal(await disabledCompression(warehouse), "");
      // The first try left nothing behind: one import, each row once.
      assert.equal(await warehouse.value("select count(*) from raw_import"), 1);
      assert.equal(await warehouse.value("select count(*) from raw_spotify_extended"), 20_000);
      // On one thread already, running out of memory is the error that names the setting, and nothing changes.
      const before = await warehouseFingerprint(warehouse);
      await warehouse.run("set threads = 1");
      await warehouse.setMemoryLimit("12MB");
      progress.length = 0;
      await assert.rejects(
        importExports(warehouse, [zip], { ...options, dryRun: true }),
        /^Error: This needs more memory than DUCKDB_MEMORY_LIMIT allows/,
      );
      assert.deepEqual(progress.filter((line) => /ran out of memory/.test(line)), []);
      assert.equal(await threads(warehouse), 1);
      assert.equal(await disabledCompression(warehouse), "");
      await warehouse.setMemoryLimit("256MB");
      assert.deepEqual(await warehouseFingerprint(warehouse), before);
    } finally {
      warehouse.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a landing that fails inside the import's transaction changes nothing and says why; FSST is back on", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await importExports(warehouse, [EXPORT_EXTENDED], options);
    // raw's ms_played narrowed to 32 bits, so that a row every check before the transaction lets through (three
    // billion ms is a whole number) fails as it lands: the transaction is aborted there, where DuckDB refuses any
    // statement (turning FSST back on included) until the rollback.
    await warehouse.run(
      "create or replace table raw_spotify_extended as select * replace (ms_played::integer as ms_played) from raw_spotify_extended",
    );
    const before = await warehouseFingerprint(warehouse);
    const path = join(dir, "Streaming_History_Audio_2024.json");
    await Deno.writeTextFile(path, JSON.stringify([{ ...GOOD_ROW, ms_played: 3_000_000_000 }]));
    await assert.rejects(
      importExports(warehouse, [path], options),
      /value 3000000000 .*out of range.*ms_played/,
    );
    assert.equal(await warehouse.value("select current_setting('disabled_compression_methods')"), "");
    assert.deepEqual(await warehouseFingerprint(warehouse), before);
  });
});
