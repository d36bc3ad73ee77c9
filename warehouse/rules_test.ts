/**
 * Every rule kind on a hand-built history whose figures are worked out below, undo restoring the warehouse
 * exactly, refused rules changing nothing, and rules surviving a rebuild, a backup and restore, and an export.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { importPlays, type TestPlay, UTC_SETTINGS, withWarehouse } from "../tests/test_warehouse.ts";
import { backup, exportTables, restore } from "./backup.ts";
import { buildMarts } from "./build.ts";
import type { Warehouse } from "./duckdb.ts";
import { warehouseFingerprint } from "./fingerprint.ts";
import { openWarehouse } from "./migrate.ts";
import { changeRules, type RuleChange } from "./rules_change.ts";
import { listRules, RuleError } from "./state/rules.ts";

const S = 1000;
const at = (day: number, hour = 12) => `2024-03-${String(day).padStart(2, "0")}T${hour}:00:00Z`;
const times = (n: number, play: Omit<TestPlay, "ts">, firstDay: number): TestPlay[] =>
  Array.from({ length: n }, (_, i) => ({ ...play, ts: at(firstDay + i) }));

/**
 * "me" (13 music plays, all counted: every one lasts ≥ 30 s):
 *   Nina Simone: Feeling Good 3 × 200 s, Sinnerman (Pastel Blues) 2 × 100 s, Sinnerman (another id, on
 *   "Pastel Blues (Remastered)") 1 × 150 s → 6 plays, 950 s;
 *   "Simone, Nina": My Baby Just Cares 2 × 120 s → 2 plays, 240 s;
 *   Pinkfong: Baby Shark 4 × 90 s → 4 plays, 360 s;
 *   "Nina Simone feat. Billie": Strange Fruit 1 × 180 s.
 * "kid": Pinkfong, Baby Shark 2 × 90 s. And one podcast episode of "Night Stories" for "me", 600 s.
 */
const ME: TestPlay[] = [
  ...times(
    3,
    { track: "Feeling Good", artist: "Nina Simone", album: "I Put a Spell on You", ms: 200 * S },
    1,
  ),
  ...times(2, { track: "Sinnerman", artist: "Nina Simone", album: "Pastel Blues", ms: 100 * S }, 4),
  ...times(1, {
    track: "Sinnerman",
    artist: "Nina Simone",
    album: "Pastel Blues (Remastered)",
    id: "Sinnerman2",
    ms: 150 * S,
  }, 6),
  ...times(
    2,
    { track: "My Baby Just Cares", artist: "Simone, Nina", album: "Little Girl Blue", ms: 120 * S },
    7,
  ),
  ...times(4, { track: "Baby Shark", artist: "Pinkfong", album: "Kids", ms: 90 * S }, 9),
  ...times(
    1,
    { track: "Strange Fruit", artist: "Nina Simone feat. Billie", album: "Duets", ms: 180 * S },
    13,
  ),
];
const KID: TestPlay[] = times(2, { track: "Baby Shark", artist: "Pinkfong", album: "Kids", ms: 90 * S }, 20);

async function withHistory(fn: (warehouse: Warehouse, dir: string) => Promise<void>): Promise<void> {
  await withWarehouse(async (warehouse, dir) => {
    await importPlays(warehouse, dir, KID, { user: "kid" });
    const episode = join(dir, "Streaming_History_Audio_episode.json");
    await Deno.writeTextFile(
      episode,
      JSON.stringify([{
        ts: at(25),
        ms_played: 600 * S,
        episode_name: "The Lighthouse",
        episode_show_name: "Night Stories",
        spotify_episode_uri: "spotify:episode:0000000000000000000001",
      }]),
    );
    await importPlays(warehouse, dir, ME, { alsoImport: [episode] });
    await fn(warehouse, dir);
  });
}

const add = (kind: string, subject: string, target?: string, user?: string): RuleChange => ({
  add: { kind, subject, target, user },
});

/** Counted plays and seconds per artist name, as the Top page counts them (excluded plays left out). */
async function artists(warehouse: Warehouse): Promise<Record<string, [number, number]>> {
  const rows = await warehouse.rows<{ name: string; plays: number; seconds: number }>(
    `select artist_name as name, count(*)::integer as plays, (sum(ms_played) // 1000)::integer as seconds
     from fct_play join dim_artist using (artist_key)
     where not is_excluded and is_counted group by all order by name`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, [row.plays, row.seconds]]));
}

/** The same from the aggregate mart the pages read (agg_item), to show it follows the rules too. */
async function artistSums(warehouse: Warehouse): Promise<Record<string, [number, number]>> {
  const rows = await warehouse.rows<{ name: string; plays: number; seconds: number }>(
    `select artist_name as name, sum(counted_plays)::integer as plays, (sum(ms_played) // 1000)::integer as seconds
     from agg_item join dim_artist on dim_artist.artist_key = agg_item.item_key
     where kind = 'artist' group by all order by name`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, [row.plays, row.seconds]]));
}

const BEFORE = {
  "Nina Simone": [6, 950],
  "Simone, Nina": [2, 240],
  "Pinkfong": [6, 540],
  "Nina Simone feat. Billie": [1, 180],
};

Deno.test("rules: with none, every artist counts as played", async () => {
  await withHistory(async (warehouse) => {
    assert.deepEqual(await artists(warehouse), BEFORE);
    assert.deepEqual(await artistSums(warehouse), BEFORE);
    assert.equal(await warehouse.value("select count(*) from fct_play where is_excluded"), 0);
  });
});

Deno.test("merge-artist: the alias's plays, tracks and albums count for the artist it goes into", async () => {
  await withHistory(async (warehouse) => {
    const changed = await changeRules(
      warehouse,
      UTC_SETTINGS,
      add("merge-artist", " simone, NINA ", "Nina Simone"),
    );
    assert.equal(changed.rule.subject, "simone, nina");
    assert.equal(changed.rule.targetName, "Nina Simone");
    // 6 + 2 plays, 950 + 240 s; shown under the target's own name; the alias has no row left
    const expected = { "Nina Simone": [8, 1190], "Pinkfong": [6, 540], "Nina Simone feat. Billie": [1, 180] };
    assert.deepEqual(await artists(warehouse), expected);
    assert.deepEqual(await artistSums(warehouse), expected);
    assert.equal(
      await warehouse.value("select count(*) from dim_artist where artist_name = 'Simone, Nina'"),
      0,
    );
    const owners = await warehouse.rows(
      `select (select artist_name from dim_artist a where a.artist_key = t.artist_key) as track_artist,
              (select artist_name from dim_artist a where a.artist_key = al.artist_key) as album_artist
       from dim_track t join dim_album al using (album_key) where track_name = 'My Baby Just Cares'`,
    );
    assert.deepEqual(owners, [{ track_artist: "Nina Simone", album_artist: "Nina Simone" }]);
  });
});

Deno.test("merge chains, cycles, self-merges, unknown and repeated rules: a clear error, nothing changed", async () => {
  await withHistory(async (warehouse) => {
    await changeRules(warehouse, UTC_SETTINGS, add("merge-artist", "Simone, Nina", "Nina Simone"));
    const kept = await warehouseFingerprint(warehouse);
    const refused: [RuleChange, RegExp][] = [
      [add("merge-artist", "Nina Simone", "Simone, Nina"), /would make a cycle/],
      [add("merge-artist", "Nina Simone", "nina simone"), /into itself/],
      [add("merge-artist", "Nobody", "Nina Simone"), /No artist named "Nobody" has been played/],
      [add("merge-artist", "Pinkfong", "Nobody"), /No artist named "Nobody" has been played/],
      [add("merge-artist", "Simone, Nina", "Pinkfong"), /already merged into Nina Simone \(rule 1\)/],
      [add("merge-artist", "Pinkfong", ""), /needs what to merge Pinkfong into/],
      [add("rename-artist", "Simone, Nina", "X"), /merged into another artist/],
      [add("rename-artist", "Pinkfong", "x".repeat(1001)), /at most 1000 characters; this one has 1001/],
      [add("rename-artist", "Pinkfong", "a\u0007b"), /control characters/],
      [add("rename-artist", "Pinkfong", "   "), /needs the new name/],
      [add("exclude-artist", "Pinkfong", undefined, "nobody"), /no listener "nobody"/],
      [add("merge-artist", "Pinkfong", "Nina Simone", "kid"), /--user goes with an exclusion/],
      [add("merge-track", "Sinnerman", "1"), /named by its key/],
      [add("merge-track", "99999999999", "1"), /No track with key 99999999999 has been played/],
      [add("exclude-show", "Day Stories"), /No show named "Day Stories"/],
      [add("split-artists", "[1]"), /JSON list of texts/],
      [add("split-artists", "[]"), /at least one separator/],
      [add("frobnicate-artist", "Pinkfong"), /There is no rule "frobnicate-artist"/],
      [{ remove: 42 }, /There is no rule 42/],
    ];
    for (const [change, message] of refused) {
      await assert.rejects(() => changeRules(warehouse, UTC_SETTINGS, change), (error: Error) => {
        assert.ok(error instanceof RuleError, `${JSON.stringify(change)}: ${error}`);
        assert.match(error.message, message);
        return true;
      });
    }
    assert.equal(await warehouseFingerprint(warehouse), kept);
    // B into C after A into B: A ends up in C as well
    await changeRules(
      warehouse,
      UTC_SETTINGS,
      add("merge-artist", "Nina Simone", "Nina Simone feat. Billie"),
    );
    assert.deepEqual(await artists(warehouse), {
      "Nina Simone feat. Billie": [9, 1370],
      "Pinkfong": [6, 540],
    });
  });
});

Deno.test("rename: the name shown changes, the key and the figures do not; markup stays text", async () => {
  await withHistory(async (warehouse) => {
    const key = await warehouse.value<bigint>(
      "select artist_key from dim_artist where artist_name = 'Pinkfong'",
    );
    await changeRules(warehouse, UTC_SETTINGS, add("rename-artist", "pinkfong", "<b>Pinkfong</b> (kids)"));
    assert.deepEqual(
      await warehouse.rows("select artist_key, artist_name from dim_artist where artist_key = $1", [key]),
      [{ artist_key: key, artist_name: "<b>Pinkfong</b> (kids)" }],
    );
    const track = String(
      await warehouse.value("select track_key from dim_track where track_name = 'Baby Shark'"),
    );
    const album = String(await warehouse.value("select album_key from dim_album where album_name = 'Kids'"));
    await changeRules(warehouse, UTC_SETTINGS, add("rename-track", track, "Baby Shark Dance"));
    await changeRules(warehouse, UTC_SETTINGS, add("rename-album", album, "Kids' Songs"));
    assert.deepEqual(
      await warehouse.rows(
        "select track_name, album_name from dim_track join dim_album using (album_key) where track_key = $1",
        [BigInt(track)],
      ),
      [{ track_name: "Baby Shark Dance", album_name: "Kids' Songs" }],
    );
    assert.deepEqual((await artists(warehouse))["<b>Pinkfong</b> (kids)"], [6, 540]);
  });
});

Deno.test("merge-track and merge-album: a remaster folds into its album, a second id into its track", async () => {
  await withHistory(async (warehouse) => {
    const key = (sql: string) => warehouse.value(sql).then(String);
    const remaster = await key(
      "select album_key from dim_album where album_name = 'Pastel Blues (Remastered)'",
    );
    const album = await key("select album_key from dim_album where album_name = 'Pastel Blues'");
    await changeRules(warehouse, UTC_SETTINGS, add("merge-album", remaster, album));
    // 2 × 100 s + 1 × 150 s
    assert.deepEqual(
      await warehouse.rows(
        `select album_name, count(*)::integer as plays, sum(ms_played)::integer as ms from fct_play
         join dim_album using (album_key) where fct_play.artist_key = (select artist_key from dim_artist
         where artist_name = 'Nina Simone') group by all order by album_name`,
      ),
      [{ album_name: "I Put a Spell on You", plays: 3, ms: 600_000 }, {
        album_name: "Pastel Blues",
        plays: 3,
        ms: 350_000,
      }],
    );
    const [first, second] = (await warehouse.rows<{ k: bigint }>(
      "select track_key as k from dim_track where track_name = 'Sinnerman' order by track_uri",
    )).map((row) => String(row.k));
    await changeRules(warehouse, UTC_SETTINGS, add("merge-track", second, first));
    assert.deepEqual(
      await warehouse.rows(
        `select track_key::varchar as k, count(*)::integer as plays, sum(ms_played)::integer as ms
         from fct_play where track_key in (select track_key from dim_track where track_name = 'Sinnerman')
         group by all`,
      ),
      [{ k: first, plays: 3, ms: 350_000 }],
    );
    assert.equal(await warehouse.value("select count(*) from dim_track where track_name = 'Sinnerman'"), 1);
  });
});

Deno.test("exclude: for everyone or one listener; the plays stay in fct_play, marked, and leave every sum", async () => {
  await withHistory(async (warehouse) => {
    await changeRules(warehouse, UTC_SETTINGS, add("exclude-artist", "Pinkfong", undefined, "kid"));
    // kid's 2 plays only: me's 4 still count
    assert.equal(await warehouse.value("select count(*) from fct_play where is_excluded"), 2);
    assert.deepEqual((await artistSums(warehouse))["Pinkfong"], [4, 360]);
    await changeRules(warehouse, UTC_SETTINGS, add("exclude-artist", "Pinkfong"));
    assert.equal(await warehouse.value("select count(*) from fct_play where is_excluded"), 6);
    assert.equal((await artistSums(warehouse))["Pinkfong"], undefined);
    // 13 + 2 music plays and 1 episode stay; the hour sums hold 16 − 6 plays
    assert.equal(await warehouse.value("select count(*) from fct_play"), 16);
    assert.equal(await warehouse.value("select sum(plays) from agg_play_hour"), 10);
    const track = String(
      await warehouse.value("select track_key from dim_track where track_name = 'Feeling Good'"),
    );
    await changeRules(warehouse, UTC_SETTINGS, add("exclude-track", track));
    const album = String(await warehouse.value("select album_key from dim_album where album_name = 'Duets'"));
    await changeRules(warehouse, UTC_SETTINGS, add("exclude-album", album));
    await changeRules(warehouse, UTC_SETTINGS, add("exclude-show", " night STORIES"));
    // 6 + 3 + 1 + 1
    assert.equal(await warehouse.value("select count(*) from fct_play where is_excluded"), 11);
    assert.equal(await warehouse.value("select sum(plays) from agg_play_hour"), 5);
    assert.deepEqual(await artists(warehouse), { "Nina Simone": [3, 350], "Simone, Nina": [2, 240] });
    await assert.rejects(
      () => changeRules(warehouse, UTC_SETTINGS, add("exclude-artist", "pinkfong")),
      /already excluded \(rule 2\)/,
    );
  });
});

Deno.test("split-artists: the first name of a multi-artist credit is the artist", async () => {
  await withHistory(async (warehouse) => {
    await changeRules(warehouse, UTC_SETTINGS, add("split-artists", JSON.stringify([" FEAT. ", " & "])));
    assert.deepEqual(await artists(warehouse), {
      "Nina Simone": [7, 1130],
      "Simone, Nina": [2, 240],
      "Pinkfong": [6, 540],
    });
    await assert.rejects(
      () => changeRules(warehouse, UTC_SETTINGS, add("split-artists", " x ")),
      /already split \(rule 1\)/,
    );
  });
});

Deno.test("undo restores exactly what was there (the warehouse's fingerprint), for every kind", async () => {
  await withHistory(async (warehouse) => {
    const before = await warehouseFingerprint(warehouse);
    const track = String(
      await warehouse.value("select track_key from dim_track where track_name = 'Feeling Good'"),
    );
    const album = String(await warehouse.value("select album_key from dim_album where album_name = 'Duets'"));
    const other = String(await warehouse.value("select album_key from dim_album where album_name = 'Kids'"));
    const changes = [
      add("merge-artist", "Simone, Nina", "Nina Simone"),
      add("rename-artist", "Nina Simone", "Nina"),
      add("exclude-artist", "Pinkfong", undefined, "kid"),
      add("rename-track", track, "Feeling Good (live)"),
      add("exclude-track", track),
      add("merge-album", album, other),
      add("exclude-show", "Night Stories"),
      add("split-artists", JSON.stringify([" feat. "])),
    ];
    for (const change of changes) {
      const { rule } = await changeRules(warehouse, UTC_SETTINGS, change);
      assert.notEqual(await warehouseFingerprint(warehouse), before, rule.kind);
      await changeRules(warehouse, UTC_SETTINGS, { remove: rule.id });
      assert.equal(await warehouseFingerprint(warehouse), before, `undo of ${rule.kind}`);
    }
  });
});

Deno.test("rules survive a rebuild, a backup and its restore, and go into an export", async () => {
  await withHistory(async (warehouse, dir) => {
    await changeRules(warehouse, UTC_SETTINGS, add("merge-artist", "Simone, Nina", "Nina Simone"));
    await changeRules(warehouse, UTC_SETTINGS, add("exclude-artist", "Pinkfong"));
    const ruled = await artists(warehouse);
    await warehouse.transaction(() => buildMarts(warehouse, UTC_SETTINGS));
    assert.deepEqual(await artists(warehouse), ruled);
    const written = await exportTables(warehouse, join(dir, "export"));
    assert.equal(written.find((table) => table.table === "rule")?.rows, 2);
    const file = join(dir, "backup.duckdb");
    await backup(warehouse, file);
    const target = join(dir, "restored.duckdb");
    await restore(file, target);
    const restored = await openWarehouse(target, UTC_SETTINGS);
    try {
      assert.deepEqual((await listRules(restored)).map((rule) => rule.kind), [
        "merge-artist",
        "exclude-artist",
      ]);
      await restored.transaction(() => buildMarts(restored, UTC_SETTINGS));
      assert.deepEqual(await artists(restored), ruled);
    } finally {
      restored.close();
    }
  });
});
