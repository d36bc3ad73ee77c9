/**
 * Scrobbles into the same star schema: Last.fm CSV exports (sniffed by their header) and ListenBrainz listens
 * (JSON or JSON lines), deduplicated against themselves, against each other and against Spotify data (Spotify
 * wins, whichever is imported first), with the same report, idempotence and clear errors as Spotify exports.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ImportError, importExports } from "../pipeline/imports/import_exports.ts";
import { writeZip } from "../pipeline/imports/zip/mod.ts";
import type { Warehouse } from "../warehouse/duckdb.ts";
import { UTC_SETTINGS, warehouseFingerprint, withWarehouse } from "./test_warehouse.ts";

const HEADER = "uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid";

/** Six rows: one the Spotify play below, a new play, its exact duplicate, no time, commas and quotes, NFD. */
const SCROBBLES = [
  HEADER,
  `1704103230,"01 Jan 2024, 10:00",Björk,,Homogenic,,Jóga,`,
  `1704106800,"01 Jan 2024, 11:00",Sigur Rós,,Takk...,,Hoppípolla,`,
  `1704106800,"01 Jan 2024, 11:00",Sigur Rós,,Takk...,,Hoppípolla,`,
  `,no time,Nobody,,,,Nothing,`,
  `1704110400,"01 Jan 2024, 12:00","Artist, with comma",,"Album ""quoted""",,Track,`,
  `1704114000,"01 Jan 2024, 13:00",Bjo\u0308rk,,Homogenic,,Bachelorette,`,
].join("\n");

/** Björk's Jóga on Spotify: started 10:00:00, ended 10:05:00; the scrobble says it started 10:00:30. */
const EXTENDED = [{
  ts: "2024-01-01T10:05:00Z",
  ms_played: 300_000,
  master_metadata_track_name: "Jóga",
  master_metadata_album_artist_name: "Björk",
  master_metadata_album_album_name: "Homogenic",
  spotify_track_uri: "spotify:track:0000000000000000000JOGA",
}];

async function files(dir: string) {
  const lastfm = join(dir, "scrobbles.csv");
  const extended = join(dir, "Streaming_History_Audio_2024.json");
  await Deno.writeTextFile(lastfm, SCROBBLES);
  await Deno.writeTextFile(extended, JSON.stringify(EXTENDED));
  return { lastfm, extended };
}

async function plays(warehouse: Warehouse) {
  return await warehouse.rows(
    `select source, strftime(played_at, '%H:%M:%S') as ended, ms_played, ms_is_estimated, artist_name, track_name
     from fct_play join dim_track using (track_key) join dim_artist on dim_artist.artist_key = fct_play.artist_key
     order by played_at`,
  );
}

const EXPECTED_PLAYS = [
  {
    source: "extended",
    ended: "10:05:00",
    ms_played: 300_000,
    ms_is_estimated: false,
    artist_name: "Björk",
    track_name: "Jóga",
  },
  // A scrobble counts 210 s from its start.
  {
    source: "lastfm",
    ended: "11:03:30",
    ms_played: 210_000,
    ms_is_estimated: true,
    artist_name: "Sigur Rós",
    track_name: "Hoppípolla",
  },
  {
    source: "lastfm",
    ended: "12:03:30",
    ms_played: 210_000,
    ms_is_estimated: true,
    artist_name: "Artist, with comma",
    track_name: "Track",
  },
  // Björk in NFD is the same artist as Spotify's Björk.
  {
    source: "lastfm",
    ended: "13:03:30",
    ms_played: 210_000,
    ms_is_estimated: true,
    artist_name: "Björk",
    track_name: "Bachelorette",
  },
];

Deno.test("importExports() reads a Last.fm CSV: report, dedup against Spotify, estimated minutes, re-import adds nothing", async () => {
  await withWarehouse(async (warehouse, dir) => {
    const { lastfm, extended } = await files(dir);
    await importExports(warehouse, [extended], { user: "me", settings: UTC_SETTINGS });
    const report = await importExports(warehouse, [lastfm], { user: "me", settings: UTC_SETTINGS });
    assert.deepEqual(report.files, [{
      file: "scrobbles.csv",
      format: "lastfm",
      rowsRead: 6,
      newPlays: 3,
      // the exact duplicate row, and the scrobble of the Spotify play
      duplicates: 2,
      rejected: { "no timestamp": 1 },
    }]);
    assert.deepEqual(await plays(warehouse), EXPECTED_PLAYS);
    assert.equal(
      await warehouse.value("select album_name from dim_album where album_name like 'Album%'"),
      'Album "quoted"',
    );
    const before = await warehouseFingerprint(warehouse, { imports: false });
    const again = await importExports(warehouse, [lastfm], { user: "me", settings: UTC_SETTINGS });
    assert.equal(again.totals.newPlays, 0);
    assert.equal(await warehouseFingerprint(warehouse, { imports: false }), before);
  });
});

Deno.test("importExports() lets Spotify's play win over the scrobble when the CSV came first", async () => {
  await withWarehouse(async (warehouse, dir) => {
    const { lastfm, extended } = await files(dir);
    await importExports(warehouse, [lastfm], { user: "me", settings: UTC_SETTINGS });
    assert.equal(await warehouse.value("select count(*) from fct_play where source = 'lastfm'"), 4);
    await importExports(warehouse, [extended], { user: "me", settings: UTC_SETTINGS });
    assert.deepEqual(await plays(warehouse), EXPECTED_PLAYS);
  });
});

Deno.test("importExports() refuses a scrobble time that is not Unix seconds, naming the file and row, and changes nothing", async () => {
  await withWarehouse(async (warehouse, dir) => {
    const file = join(dir, "bad.csv");
    await Deno.writeTextFile(file, `${HEADER}\n1704103230,x,A,,B,,C,\nsoon,x,A,,B,,D,\n`);
    const before = await warehouseFingerprint(warehouse);
    await assert.rejects(
      () => importExports(warehouse, [file], { user: "me", settings: UTC_SETTINGS }),
      (error: Error) =>
        error instanceof ImportError &&
        error.message ===
          'Cannot read "uts" in bad.csv row 2: expected Unix seconds (a whole number), got "soon"',
    );
    assert.equal(await warehouseFingerprint(warehouse), before);
    // A header alone is an empty history; a CSV with other columns is not a history at all.
    const empty = join(dir, "empty.csv");
    await Deno.writeTextFile(empty, `${HEADER}\n`);
    assert.equal(
      (await importExports(warehouse, [empty], { user: "me", settings: UTC_SETTINGS })).totals.rowsRead,
      0,
    );
    const other = join(dir, "other.csv");
    await Deno.writeTextFile(other, "date,amount\n2024-01-01,3\n");
    await assert.rejects(
      () => importExports(warehouse, [other], { user: "me", settings: UTC_SETTINGS }),
      /not JSON/,
    );
  });
});

Deno.test("importExports() reads a scrobble CSV inside a ZIP beside a Spotify export", async () => {
  await withWarehouse(async (warehouse, dir) => {
    const zip = join(dir, "everything.zip");
    await writeZip(zip, [
      { name: "lastfm/scrobbles.csv", data: SCROBBLES },
      {
        name: "Spotify Extended Streaming History/Streaming_History_Audio_2024.json",
        data: JSON.stringify(EXTENDED),
      },
    ]);
    const report = await importExports(warehouse, [zip], { user: "me", settings: UTC_SETTINGS });
    assert.deepEqual(report.files.map((file) => [file.file, file.format, file.newPlays]), [
      ["everything.zip/lastfm/scrobbles.csv", "lastfm", 3],
      ["everything.zip/Spotify Extended Streaming History/Streaming_History_Audio_2024.json", "extended", 1],
    ]);
    assert.deepEqual(await plays(warehouse), EXPECTED_PLAYS);
  });
});

/** ListenBrainz: Jóga (the Spotify play, and Last.fm's scrobble), Hoppípolla (also on Last.fm), Low, no time. */
const LISTENS = [
  {
    listened_at: 1704103230,
    track_metadata: {
      artist_name: "Björk",
      track_name: "Jóga",
      release_name: "Homogenic",
      additional_info: { duration_ms: 305000 },
    },
  },
  {
    listened_at: 1704106800,
    track_metadata: {
      artist_name: "Sigur Rós",
      track_name: "Hoppípolla",
      release_name: "Takk...",
      additional_info: { duration_ms: 268000 },
    },
  },
  {
    listened_at: 1704200000,
    track_metadata: { artist_name: "Low", track_name: "Words", additional_info: {} },
  },
  { listened_at: null, track_metadata: { artist_name: "Nobody", track_name: "Nothing" } },
];

Deno.test("importExports() reads ListenBrainz listens (JSON or JSON lines), one play per listen across both services", async () => {
  for (
    const [name, text] of [
      ["listens.json", JSON.stringify(LISTENS)],
      ["listens.jsonl", LISTENS.map((listen) => JSON.stringify(listen)).join("\n")],
    ]
  ) {
    await withWarehouse(async (warehouse, dir) => {
      const { lastfm, extended } = await files(dir);
      const listens = join(dir, name);
      await Deno.writeTextFile(listens, text);
      await importExports(warehouse, [extended, lastfm], { user: "me", settings: UTC_SETTINGS });
      const report = await importExports(warehouse, [listens], { user: "me", settings: UTC_SETTINGS });
      assert.deepEqual(report.files, [{
        file: name,
        format: "listenbrainz",
        rowsRead: 4,
        newPlays: 1,
        // Jóga is Spotify's play; Hoppípolla started the same second as Last.fm's scrobble of it
        duplicates: 2,
        rejected: { "no timestamp": 1 },
      }], name);
      assert.deepEqual(await plays(warehouse), [
        ...EXPECTED_PLAYS,
        // No duration in the listen: 210 s from 2024-01-02 12:53:20.
        {
          source: "listenbrainz",
          ended: "12:56:50",
          ms_played: 210_000,
          ms_is_estimated: true,
          artist_name: "Low",
          track_name: "Words",
        },
      ], name);
    });
  }
});

Deno.test("importExports() refuses a listen time that is not Unix seconds, naming the file and row", async () => {
  await withWarehouse(async (warehouse, dir) => {
    const file = join(dir, "listens.json");
    await Deno.writeTextFile(
      file,
      JSON.stringify([{ ...LISTENS[2] }, { ...LISTENS[2], listened_at: "soon" }]),
    );
    await assert.rejects(
      () => importExports(warehouse, [file], { user: "me", settings: UTC_SETTINGS }),
      (error: Error) =>
        error instanceof ImportError &&
        error.message ===
          'Cannot read "listened_at" in listens.json row 2: expected Unix seconds (a whole number), got "soon"',
    );
    assert.equal(await warehouse.value("select count(*) from raw_listenbrainz_listen"), 0);
  });
});
