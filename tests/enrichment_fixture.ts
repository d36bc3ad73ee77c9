/**
 * The enrichment scenario shared by the enrichment tests: an export with six artists, and a fake Spotify and a
 * fake MusicBrainz that know them in different ways (a Spotify link, an ISRC, a unique or an ambiguous name,
 * nothing at all). The expected values in the tests are worked out by hand from what is set up here.
 */
import { join } from "node:path";
import type { MusicBrainzConfig } from "../config.ts";
import type { Warehouse } from "../warehouse/duckdb.ts";
import { importExports } from "../pipeline/imports/import_exports.ts";
import type { EnrichOptions } from "../pipeline/enrich/mod.ts";
import { seedConnection } from "../warehouse/state/spotify_connections.ts";
import { UTC_SETTINGS, withWarehouse } from "./test_warehouse.ts";
import { FakeMusicBrainz } from "./fakes/musicbrainz.ts";
import { FakeSpotify, spotifyId } from "./fakes/spotify.ts";

export const BJORK = "Björk";
export const NIRVANA = "Nirvana";
export const MASSIVE = "Massive Attack";
export const THORN = "Tracey Thorn";

/** Spotify track ids: three known to the fake, one it answers 404 for. */
const JOGA = "JOGA".padStart(22, "0");
const LITHIUM = "LITHIUM".padStart(22, "0");
const PROTECTION = "PROTECTION".padStart(22, "0");
const GHOST = "GHOST".padStart(22, "0");

export const MB = {
  bjork: "87c5dedd-371d-4a53-9f7f-80522fb7f3cb",
  nirvana: "5b11f4ce-a62d-471e-81fc-a69a8278c7da",
  nirvanaUk: "f2fb0ff0-5679-42ec-a55c-15109ce6e320",
  massive: "10adbe5e-a2c0-4bf3-8249-2b4cbf6e6ca8",
  thorn: "8a0f6fbd-3cb0-4e2f-9b1a-1e8e6e8e1a11",
  sigur: "f6f2326f-6b25-4170-b89d-e235b25508e8",
  lowUs: "1c3c3cf4-4b3c-4c3c-9c3c-3c3c3c3c3c31",
  lowUk: "1c3c3cf4-4b3c-4c3c-9c3c-3c3c3c3c3c32",
};
const AREA = {
  iceland: "6a264f94-6ff1-30b1-9a81-41f7bfabd616",
  usa: "489ce91b-6658-3307-9877-795b68554c98",
  washington: "a3d0c10a-5f1a-4bb6-9d13-5a4a1c5b1d8e",
  graysHarbor: "b3d0c10a-5f1a-4bb6-9d13-5a4a1c5b1d8e",
  aberdeen: "a640b45c-c173-49b1-8030-973603e895b5",
  england: "9d5dd675-3cf4-4296-9e39-67865ebee758",
  bristol: "c3d0c10a-5f1a-4bb6-9d13-5a4a1c5b1d8e",
  atlantis: "d3d0c10a-5f1a-4bb6-9d13-5a4a1c5b1d8e",
};

/** Plays (ms) per track in the export; the account file adds 240 s of Sigur Rós, 180 s of Low. */
const PLAYS: { id: string; track: string; artist: string; album: string; ms: number[] }[] = [
  { id: JOGA, track: "Jóga", artist: BJORK, album: "Homogenic", ms: [300_000, 300_000, 300_000] },
  { id: LITHIUM, track: "Lithium", artist: NIRVANA, album: "Nevermind", ms: [200_000, 200_000] },
  { id: PROTECTION, track: "Protection", artist: MASSIVE, album: "Protection", ms: [420_000] },
  { id: GHOST, track: "Ghost", artist: "Unknown Band", album: "Gone", ms: [100_000] },
];

export async function writeExport(dir: string): Promise<string> {
  const folder = join(dir, "export");
  await Deno.mkdir(folder);
  let minute = 0;
  const rows = PLAYS.flatMap((play) =>
    play.ms.map((ms) => ({
      ts: new Date(Date.UTC(2024, 0, 1, 12, minute += 10)).toISOString().replace(".000", ""),
      platform: "android",
      ms_played: ms,
      conn_country: "DE",
      master_metadata_track_name: play.track,
      master_metadata_album_artist_name: play.artist,
      master_metadata_album_album_name: play.album,
      spotify_track_uri: `spotify:track:${play.id}`,
      episode_name: null,
      episode_show_name: null,
      spotify_episode_uri: null,
      reason_start: "trackdone",
      reason_end: "trackdone",
      shuffle: false,
      skipped: false,
      offline: false,
      offline_timestamp: null,
      incognito_mode: false,
    }))
  );
  await Deno.writeTextFile(join(folder, "Streaming_History_Audio_2024.json"), JSON.stringify(rows));
  await Deno.writeTextFile(
    join(folder, "StreamingHistory_music_0.json"),
    JSON.stringify([
      { endTime: "2024-02-01 10:00", artistName: "Sigur Rós", trackName: "Hoppípolla", msPlayed: 240_000 },
      { endTime: "2024-02-01 10:05", artistName: "Low", trackName: "Words", msPlayed: 180_000 },
    ]),
  );
  return folder;
}

export function fakeSpotify(): FakeSpotify {
  const fake = new FakeSpotify();
  fake.addTrack({ id: JOGA, name: "Jóga", artist: BJORK, album: "Homogenic", durationMs: 305_000 });
  fake.addTrack({
    id: LITHIUM,
    name: "Lithium",
    artist: NIRVANA,
    album: "Nevermind",
    durationMs: 257_000,
    releaseDate: "1991",
    releaseDatePrecision: "year",
  });
  fake.addTrack({
    id: PROTECTION,
    name: "Protection",
    artist: MASSIVE,
    featuring: [THORN],
    album: "Protection",
    durationMs: 471_000,
    isrc: "GBAAA9400001",
    releaseDate: "1994-09",
    releaseDatePrecision: "month",
  });
  fake.artistGenres.set(NIRVANA, ["grunge"]);
  return fake;
}

export function fakeMusicBrainz(minIntervalMs: number): FakeMusicBrainz {
  const fake = new FakeMusicBrainz({ minIntervalMs });
  fake.addArea({ id: AREA.iceland, name: "Iceland", type: "Country", iso1: ["IS"] });
  fake.addArea({ id: AREA.usa, name: "United States", type: "Country", iso1: ["US"] });
  fake.addArea({
    id: AREA.washington,
    name: "Washington",
    type: "Subdivision",
    iso2: ["US-WA"],
    partOf: AREA.usa,
  });
  fake.addArea({
    id: AREA.graysHarbor,
    name: "Grays Harbor County",
    type: "County",
    partOf: AREA.washington,
  });
  fake.addArea({ id: AREA.aberdeen, name: "Aberdeen", type: "City", partOf: AREA.graysHarbor });
  fake.addArea({ id: AREA.england, name: "England", type: "Subdivision", iso2: ["GB-ENG"] });
  fake.addArea({ id: AREA.bristol, name: "Bristol", type: "City", partOf: AREA.england });
  fake.addArea({ id: AREA.atlantis, name: "Atlantis", type: "City" });
  fake.addArtist({
    id: MB.bjork,
    name: BJORK,
    type: "Person",
    country: "IS",
    areaId: AREA.iceland,
    lifeSpan: { begin: "1965-11-21" },
    genres: [
      { name: "electronic", count: 5 },
      { name: "Art Pop", count: 3 },
      { name: "trip hop", count: 0 },
      {
        name: "pop",
        count: -1,
      },
    ],
    spotifyIds: [spotifyId(BJORK)],
  });
  fake.addArtist({
    id: MB.nirvana,
    name: NIRVANA,
    type: "Group",
    areaId: AREA.aberdeen,
    lifeSpan: { begin: "1987", end: "1994-04-05", ended: true },
    genres: [{ name: "grunge", count: 20 }, { name: "rock", count: 3 }],
    spotifyIds: [spotifyId(NIRVANA)],
  });
  // Another band of the same name: a name search would be ambiguous; the Spotify link is not.
  fake.addArtist({ id: MB.nirvanaUk, name: NIRVANA, type: "Group", areaId: AREA.england });
  fake.addArtist({
    id: MB.massive,
    name: MASSIVE,
    type: "Group",
    areaId: AREA.bristol,
    genres: [{ name: "trip-hop", count: 10 }],
  });
  fake.addArtist({ id: MB.thorn, name: THORN, type: "Person" });
  fake.recordings.push({
    isrc: "GBAAA9400001",
    title: "Protection",
    credits: [{ name: MASSIVE, artistId: MB.massive }, { name: THORN, artistId: MB.thorn }],
  });
  fake.addArtist({
    id: MB.sigur,
    name: "Sigur Rós",
    type: "Group",
    beginAreaId: AREA.iceland,
    genres: [{ name: "post-rock", count: 4 }],
  });
  fake.addArtist({ id: MB.lowUs, name: "Low", type: "Group", areaId: AREA.usa });
  fake.addArtist({ id: MB.lowUk, name: "Low", type: "Group", areaId: AREA.atlantis });
  return fake;
}

/** A warehouse with the scenario imported, the fakes running, and enrich() options pointing at them. */
export async function withEnrichment(
  fn: (
    context: {
      warehouse: Warehouse;
      spotify: FakeSpotify;
      musicbrainz: FakeMusicBrainz;
      options: EnrichOptions;
    },
  ) => Promise<void>,
  {
    minIntervalMs = 100,
    musicbrainzClient = { minIntervalMs, backoffMs: 50 },
    spotifyApi = { sleep: () => Promise.resolve(), backoffMs: 1 },
  }: Pick<EnrichOptions, "musicbrainzClient" | "spotifyApi"> & { minIntervalMs?: number } = {},
) {
  const spotify = fakeSpotify();
  const musicbrainz = fakeMusicBrainz(minIntervalMs);
  const musicbrainzConfig: MusicBrainzConfig = { baseUrl: musicbrainz.baseUrl, contact: "tests@example.org" };
  try {
    await withWarehouse(async (warehouse, dir) => {
      await importExports(warehouse, [await writeExport(dir)], { user: "me", settings: UTC_SETTINGS });
      await seedConnection(warehouse, "me", spotify.issueRefreshToken("me"));
      await fn({
        warehouse,
        spotify,
        musicbrainz,
        options: { spotify: spotify.config(), musicbrainz: musicbrainzConfig, musicbrainzClient, spotifyApi },
      });
    });
  } finally {
    await spotify.close();
    await musicbrainz.close();
  }
}
