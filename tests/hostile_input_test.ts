/**
 * 500+ generated malformed inputs (seeded), imported through the same code path as the CLI: truncated JSON,
 * wrong types, non-UTF-8, binary junk, empty files, deep nesting, unknown shapes, malformed Last.fm CSVs, cut
 * and corrupted ZIPs. Each
 * must fail with an error that names the file, and leave the warehouse exactly as it was. A sample goes through
 * the real CLI too. (Huge names are valid input: they import.)
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { mulberry32 } from "./seeded_random.ts";
import { importExports } from "../pipeline/imports/import_exports.ts";
import { writeZip } from "../pipeline/imports/zip/mod.ts";
import { EXPORT_EXTENDED, UTC_SETTINGS, warehouseFingerprint, withWarehouse } from "./test_warehouse.ts";
import { cli } from "./test_cli.ts";

const options = { user: "me", settings: UTC_SETTINGS };
const encoder = new TextEncoder();

interface HostileCase {
  name: string;
  file: string;
  bytes: Uint8Array;
}

const GOOD = {
  ts: "2024-05-01T10:00:00Z",
  platform: "android",
  ms_played: 200_000,
  master_metadata_track_name: "Song",
  master_metadata_album_artist_name: "Band",
  spotify_track_uri: "spotify:track:0000000000000000000ZZZ",
  shuffle: false,
  skipped: false,
  offline: false,
  offline_timestamp: 1714557600,
  incognito_mode: false,
};

function rows(count: number, change?: (row: Record<string, unknown>, i: number) => void): string {
  return JSON.stringify(
    Array.from({ length: count }, (_, i) => {
      const row: Record<string, unknown> = {
        ...GOOD,
        ts: `2024-05-01T10:${String(i % 60).padStart(2, "0")}:00Z`,
      };
      change?.(row, i);
      return row;
    }),
    null,
    2,
  );
}

async function generateCases(): Promise<HostileCase[]> {
  const random = mulberry32(7);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const cases: HostileCase[] = [];
  const add = (name: string, file: string, data: string | Uint8Array) =>
    cases.push({ name, file, bytes: typeof data === "string" ? encoder.encode(data) : data });

  // 1. Truncated JSON at 150 seeded offsets (any proper prefix of an array is invalid).
  const whole = rows(20);
  for (let i = 0; i < 150; i++) {
    const at = 1 + Math.floor(random() * (whole.trimEnd().length - 2));
    add(`truncated at ${at}`, `Streaming_History_Audio_cut_${i}.json`, whole.slice(0, at));
  }
  // 2. Wrong types in every typed field, at seeded rows.
  const wrongValues: Record<string, unknown[]> = {
    ms_played: ["abc", "12", 1.5, true, {}, [], -1.25, "1e3"],
    offline_timestamp: ["x", 3.7, false, { s: 1 }, "1714557600"],
    shuffle: ["yes", 1, 0, "true", [], {}],
    skipped: [2, "no", "false", [true]],
    offline: ["off", 1, {}],
    incognito_mode: ["no", 0, "true"],
    ts: [12345, "", true, {}, "2019-13-01", "yesterday", "2024-02-30T00:00:00Z", []],
  };
  for (let i = 0; i < 150; i++) {
    const field = pick(Object.keys(wrongValues));
    const value = pick(wrongValues[field]);
    const at = Math.floor(random() * 20);
    add(
      `${field} = ${JSON.stringify(value)} at row ${at + 1}`,
      `Streaming_History_Audio_type_${i}.json`,
      rows(20, (row, j) => j === at && (row[field] = value)),
    );
  }
  // 3. Account data with wrong types or times.
  for (let i = 0; i < 40; i++) {
    const bad = pick([{ msPlayed: "long" }, { msPlayed: 2.5 }, { endTime: "2024-13-01 10:00" }, {
      endTime: 42,
    }]);
    const account = Array.from({ length: 10 }, (_, j) => ({
      endTime: `2024-05-01 10:${String(j).padStart(2, "0")}`,
      artistName: "Band",
      trackName: "Song",
      msPlayed: 1000,
      ...(j === i % 10 ? bad : {}),
    }));
    add(`account ${JSON.stringify(bad)}`, `StreamingHistory_music_${i}.json`, JSON.stringify(account));
  }
  // 4. Non-UTF-8 bytes, binary junk, empty and whitespace-only files, deep nesting, unknown shapes.
  for (let i = 0; i < 30; i++) {
    const text = encoder.encode(rows(3));
    const junk = new Uint8Array(text.length + 2);
    const at = 40 + Math.floor(random() * (text.length - 50));
    junk.set(text.subarray(0, at));
    junk.set([0xff, 0xfe], at);
    junk.set(text.subarray(at), at + 2);
    add(`invalid UTF-8 at ${at}`, `Streaming_History_Audio_utf8_${i}.json`, junk);
  }
  for (let i = 0; i < 30; i++) {
    add(
      `binary junk ${i}`,
      `Streaming_History_Audio_junk_${i}.json`,
      crypto.getRandomValues(new Uint8Array(64 + i * 50)),
    );
  }
  for (const [i, text] of ["", " ", "\n\n", "\uFEFF", "[", "{", "null", "42", '"text"'].entries()) {
    add(`empty-ish ${JSON.stringify(text)}`, `Streaming_History_Audio_empty_${i}.json`, text);
  }
  for (let depth = 100; depth <= 20_000; depth *= 2.2) {
    const d = Math.floor(depth);
    add(
      `nested ${d} deep`,
      `Streaming_History_Audio_deep_${d}.json`,
      `[{"ts":"2024-05-01T10:00:00Z","ms_played":${"[".repeat(d)}${"]".repeat(d)}}]`,
    );
  }
  for (let i = 0; i < 30; i++) {
    const keys = pick([
      ["ts", "duration"],
      ["endTime", "song"],
      ["ms_played", "when"],
      ["msPlayed", "artist"],
      ["spotify_track_uri"],
    ]);
    add(
      `unknown shape ${keys.join("+")}`,
      `Streaming_History_Audio_shape_${i}.json`,
      JSON.stringify([Object.fromEntries(keys.map((k) => [k, 1]))]),
    );
  }
  // 5. Last.fm scrobble CSVs: times that are not Unix seconds, quotes that never end, rows of the wrong width.
  const scrobbleRows = (count: number, change: (i: number) => string | undefined) =>
    [
      "uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid",
      ...Array.from({ length: count }, (_, i) =>
        change(i) ?? `${1714557600 + i * 60},x,Band,,Record,,Song ${i},`),
    ].join("\n");
  for (let i = 0; i < 30; i++) {
    const bad = Math.floor(random() * 40);
    const value = pick(["soon", "1714557600.5", "-", "2024-05-01", "1e9", "0x10", "١٧١٤"]);
    add(
      `scrobble time ${value} at row ${bad + 1}`,
      `lastfm_uts_${i}.csv`,
      scrobbleRows(40, (row) => row === bad ? `${value},x,Band,,Record,,Song,` : undefined),
    );
  }
  for (let i = 0; i < 20; i++) {
    const bad = Math.floor(random() * 40);
    add(
      `unterminated quote at row ${bad + 1}`,
      `lastfm_quote_${i}.csv`,
      scrobbleRows(40, (row) => row === bad ? `1714557600,x,"Band,,Record,,Song,` : undefined),
    );
  }
  for (let i = 0; i < 20; i++) {
    const bad = Math.floor(random() * 40);
    const width = pick([3, 7, 9, 12]);
    add(
      `a row of ${width} columns at row ${bad + 1}`,
      `lastfm_width_${i}.csv`,
      scrobbleRows(
        40,
        (row) =>
          row === bad
            ? Array.from({ length: width }, (_, c) => (c === 0 ? "1714557600" : "x")).join(",")
            : undefined,
      ),
    );
  }
  // 6. ZIPs: cut at seeded offsets, or with corrupted bytes in headers or data.
  const zipPath = await Deno.makeTempFile({ suffix: ".zip" });
  await writeZip(zipPath, [
    { name: "Spotify Extended Streaming History/Streaming_History_Audio_2024.json", data: rows(50) },
    { name: "Spotify Extended Streaming History/ReadMeFirst.pdf", data: "%PDF-1.4" },
  ]);
  const zip = await Deno.readFile(zipPath);
  await Deno.remove(zipPath);
  for (let i = 0; i < 40; i++) {
    add(
      `ZIP cut at byte ${i}`,
      `cut_${i}.zip`,
      zip.subarray(0, 4 + Math.floor(random() * (zip.length - 26))),
    );
  }
  for (let i = 0; i < 40; i++) {
    const corrupt = zip.slice();
    // Central directory and end record (the last ~200 bytes) or the start of the deflate data.
    const at = random() < 0.5
      ? corrupt.length - 1 - Math.floor(random() * 200)
      : 30 + Math.floor(random() * 80);
    corrupt[at] ^= 0xff;
    add(`ZIP byte ${at} flipped`, `flipped_${i}.zip`, corrupt);
  }
  return cases;
}

Deno.test("500+ hostile inputs each fail clearly, naming the file, and leave the warehouse as it was", async () => {
  const cases = await generateCases();
  assert.ok(cases.length >= 500, `only ${cases.length} cases`);
  await withWarehouse(async (warehouse, dir) => {
    await importExports(warehouse, [EXPORT_EXTENDED], options);
    const before = await warehouseFingerprint(warehouse);
    const surprises: string[] = [];
    for (const [i, hostile] of cases.entries()) {
      const folder = join(dir, `case-${i}`);
      await Deno.mkdir(folder);
      const path = join(folder, hostile.file);
      await Deno.writeFile(path, hostile.bytes);
      try {
        await importExports(warehouse, [path], options);
        // A flipped byte inside compressed data or a flag can leave a valid file: then it must import cleanly.
        if (!hostile.file.startsWith("flipped_")) {
          surprises.push(`${hostile.name}: imported without an error`);
        }
      } catch (error) {
        const message = (error as Error).message;
        const fileName = hostile.file.replace(/\.(json|zip)$/, "");
        if (!message.includes(fileName) && !message.includes(folder)) {
          surprises.push(`${hostile.name}: the error does not name the file: ${message}`);
        }
        if (/\n|^Error|undefined|\[object/.test(message)) {
          surprises.push(`${hostile.name}: unclear error: ${message}`);
        }
      }
      const after = await warehouseFingerprint(warehouse);
      if (after !== before && !hostile.file.startsWith("flipped_")) {
        surprises.push(`${hostile.name}: the warehouse changed`);
      }
      await Deno.remove(folder, { recursive: true });
    }
    assert.deepEqual(surprises, []);
  });
});

Deno.test("hostile inputs through the CLI: exit 1, one clear line on stderr, nothing on stdout", async () => {
  const cases = (await generateCases()).filter((_, i) => i % 60 === 0);
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-hostile-" });
  try {
    const db = join(dir, "music.duckdb");
    assert.equal((await cli(["import", "--db", db, EXPORT_EXTENDED])).code, 0);
    for (const hostile of cases) {
      const path = join(dir, hostile.file);
      await Deno.writeFile(path, hostile.bytes);
      const result = await cli(["import", "--db", db, path]);
      assert.equal(result.code, 1, hostile.name);
      assert.equal(result.stdout, "", hostile.name);
      assert.match(result.stderr, /^(import: .*\n)*error: .+\n$/, hostile.name);
    }
    const plays = await cli(["query", "--db", db, "select count(*) as n from fct_play", "--format", "csv"]);
    assert.equal(plays.stdout, "n\n10\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a 5 MB track name is refused as 'name too long'; the rest of the file imports", async () => {
  await withWarehouse(async (warehouse, dir) => {
    const name = "♪".repeat(5 * 1024 * 1024 / 3);
    const path = join(dir, "Streaming_History_Audio_huge.json");
    await Deno.writeTextFile(
      path,
      rows(2, (row, i) => {
        if (i === 0) {
          Object.assign(row, { master_metadata_track_name: name, spotify_track_uri: "spotify:track:huge" });
        }
      }),
    );
    const report = await importExports(warehouse, [path], options);
    assert.equal(report.totals.newPlays, 1);
    assert.deepEqual(report.totals.rejected, { "name too long": 1 });
    assert.ok(await warehouse.value<number>("select max(length(track_name)) from dim_track") <= 1000);
    assert.equal(
      await warehouse.value(
        "select count(*) from raw_spotify_extended where length(master_metadata_track_name) > 1000",
      ),
      0,
    );
  });
});
