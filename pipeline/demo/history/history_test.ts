import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { generateExtendedHistory, type GenerateOptions } from "./mod.ts";

type Row = Record<string, unknown>;

interface ParsedFile {
  name: string;
  json: string;
  bytes: number;
  rows: Row[];
}

const FOLDER = "Spotify Extended Streaming History/";
const EXPORT_CUTOFF_MS = Date.UTC(2026, 9, 31);
const OLD_KEYS = [
  "ts",
  "username",
  "platform",
  "ms_played",
  "conn_country",
  "ip_addr_decrypted",
  "user_agent_decrypted",
  "master_metadata_track_name",
  "master_metadata_album_artist_name",
  "master_metadata_album_album_name",
  "spotify_track_uri",
  "episode_name",
  "episode_show_name",
  "spotify_episode_uri",
  "reason_start",
  "reason_end",
  "shuffle",
  "skipped",
  "offline",
  "offline_timestamp",
  "incognito_mode",
];
const AUDIOBOOK_KEYS = [
  "audiobook_title",
  "audiobook_uri",
  "audiobook_chapter_uri",
  "audiobook_chapter_title",
];
const NEW_KEYS = [
  "ts",
  "platform",
  "ms_played",
  "conn_country",
  "ip_addr",
  "master_metadata_track_name",
  "master_metadata_album_artist_name",
  "master_metadata_album_album_name",
  "spotify_track_uri",
  "episode_name",
  "episode_show_name",
  "spotify_episode_uri",
  "reason_start",
  "reason_end",
  "shuffle",
  "skipped",
  "offline",
  "offline_timestamp",
  "incognito_mode",
];
const NEW_KEYS_2021 = [...NEW_KEYS.slice(0, 12), ...AUDIOBOOK_KEYS, ...NEW_KEYS.slice(12)];
const CONTENT_KEYS = [
  "master_metadata_track_name",
  "master_metadata_album_artist_name",
  "master_metadata_album_album_name",
  "spotify_track_uri",
  "episode_name",
  "episode_show_name",
  "spotify_episode_uri",
];

const encoder = new TextEncoder();
const cache = new Map<string, ParsedFile[]>();

/** Generates and parses once per distinct options. */
function generated(options: GenerateOptions = {}): ParsedFile[] {
  const key = JSON.stringify(options);
  let files = cache.get(key);
  if (files === undefined) {
    files = [...generateExtendedHistory(options)].map((file) => {
      const rows = JSON.parse(file.json);
      assert.ok(Array.isArray(rows), `${file.name} is not a JSON array`);
      return { name: file.name, json: file.json, bytes: encoder.encode(file.json).length, rows };
    });
    cache.set(key, files);
  }
  return files;
}

function allRows(files: ParsedFile[]): Row[] {
  return files.flatMap((f) => f.rows);
}

function baseName(file: ParsedFile): string {
  return file.name.slice(FOLDER.length);
}

function isOldFile(file: ParsedFile): boolean {
  return baseName(file).startsWith("endsong_");
}

function artistOf(row: Row): string | null {
  return row.master_metadata_album_artist_name as string | null;
}

Deno.test("generateExtendedHistory() gives byte-identical files for the same options", () => {
  const first = [...generateExtendedHistory({ plays: 3_000, seed: 7 })];
  const second = [...generateExtendedHistory({ plays: 3_000, seed: 7 })];
  assert.deepEqual(second, first);
  const other = [...generateExtendedHistory({ plays: 3_000, seed: 8 })];
  assert.notEqual(other[0].json, first[0].json);
});

/** SHA-256 over every file's name and JSON, in order; NUL separators keep the boundaries unambiguous. */
function digestOf(options: GenerateOptions): string {
  const hash = createHash("sha256");
  for (const file of generateExtendedHistory(options)) {
    hash.update(file.name).update("\0").update(file.json).update("\0");
  }
  return hash.digest("hex");
}

// The demo warehouse and the benchmarks rely on a seed giving the same export on every machine and after
// every refactoring. A deliberate change to the generator's output updates these digests in the same commit.
Deno.test("generateExtendedHistory() output is pinned: the same seed gives the same bytes", () => {
  // What the demo warehouse uses.
  assert.equal(
    digestOf({ plays: 20_000, seed: 1 }),
    "f5d99c431beef674aacdb25c8b6c7a2317a05b73272981fbb62dda1acd4bb547",
  );
  assert.equal(
    digestOf({ plays: 3_000, seed: 7 }),
    "428ba64c5fb93f09d8849cd0498b0eeac9a7ba53ba84d0e43e16e80ee818bf3e",
  );
});

Deno.test("generateExtendedHistory() dates the export on exportDate: the default is 2026-10-31, byte for byte", () => {
  assert.equal(
    digestOf({ plays: 3_000, seed: 7, exportDate: "2026-10-31" }),
    digestOf({ plays: 3_000, seed: 7 }),
  );
  // An export dated 2027-03-10: the history runs into 2027 and up to the last days before it, never past it.
  const rows = allRows(generated({ plays: 3_000, seed: 7, exportDate: "2027-03-10" }));
  assert.equal(rows.length, 3_000);
  const ends = rows.map((row) => Date.parse(row.ts as string));
  const last = new Date(Math.max(...ends)).toISOString();
  assert.ok(last >= "2027-03-01T00:00:00Z" && last < "2027-03-10T00:00:00Z", `last play ${last}`);
  assert.ok(rows.some((row) => (row.ts as string).startsWith("2027-01")), "2027 has plays");
  assert.throws(() => generateExtendedHistory({ exportDate: "2027-02-30" }), {
    message:
      'Cannot generate a streaming history: "exportDate" must be a day like 2026-10-31, got "2027-02-30"',
  });
  assert.throws(() => generateExtendedHistory({ exportDate: "2026-10-31", endYear: 2027 }), RangeError);
});

Deno.test("generateExtendedHistory() writes exactly `plays` rows", () => {
  assert.deepEqual([...generateExtendedHistory({ plays: 0 })], []);
  const sizes: GenerateOptions[] = [
    { plays: 1 },
    { plays: 150 },
    { plays: 1_000 },
    { plays: 20_000 },
    { plays: 3_333, rowsPerFile: 500, startYear: 2010, endYear: 2021 },
    { plays: 2_000, startYear: 2005, endYear: 2012 },
  ];
  for (const options of sizes) {
    const files = generated(options);
    assert.equal(allRows(files).length, options.plays, JSON.stringify(options));
    for (const file of files) assert.ok(file.rows.length > 0, `${file.name} is empty`);
  }
});

Deno.test("generateExtendedHistory() names and formats files like a real export", () => {
  const pattern =
    /^Spotify Extended Streaming History\/(endsong_\d+|Streaming_History_Audio_\d{4}(-\d{4})?_\d+|Streaming_History_Video_\d{4}(-\d{4})?)\.json$/;
  for (const options of [{}, { plays: 20_000, startYear: 2013 }]) {
    const files = generated(options);
    const names = files.map((f) => f.name);
    assert.equal(new Set(names).size, names.length, "file names repeat");
    for (const file of files) {
      assert.match(file.name, pattern);
      assert.ok(file.json.startsWith('[\n  {\n    "ts": "'), `${file.name} is not pretty-printed`);
      for (const row of file.rows) assert.equal(typeof row, "object");
    }
  }
  // Real exports split at ~12 MB.
  for (const file of generated()) assert.ok(file.bytes < 16_000_000, `${file.name}: ${file.bytes} bytes`);
});

Deno.test("generateExtendedHistory() writes UTC ISO timestamps inside the year bounds", () => {
  const cases: [GenerateOptions, number, number][] = [
    [{}, 2019, 2026],
    [{ plays: 5_000, startYear: 2010, endYear: 2018 }, 2010, 2018],
    [{ plays: 20_000, startYear: 2013 }, 2013, 2026],
  ];
  for (const [options, startYear, endYear] of cases) {
    const from = Date.UTC(startYear, 0, 1);
    const until = Math.min(Date.UTC(endYear + 1, 0, 1), EXPORT_CUTOFF_MS);
    for (const row of allRows(generated(options))) {
      const ts = row.ts as string;
      assert.match(ts, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      const ms = Date.parse(ts);
      assert.equal(new Date(ms).toISOString().slice(0, 19) + "Z", ts);
      assert.ok(
        ms >= from && ms < until,
        `${ts} outside ${startYear}–${endYear} (${JSON.stringify(options)})`,
      );
    }
  }
});

Deno.test("generateExtendedHistory() uses the old key set before 2017 and the new one after", () => {
  const files = generated({ plays: 20_000, startYear: 2013 });
  const old = files.filter(isOldFile);
  const recent = files.filter((f) => !isOldFile(f));
  assert.ok(old.length > 0 && recent.length > 0);
  const oldStamps: number[] = [];
  const newStamps: (number | null)[] = [];
  let oldSkippedNull = 0;
  let oldRows = 0;
  for (const row of old.flatMap((f) => f.rows)) {
    assert.deepEqual(Object.keys(row), OLD_KEYS);
    assert.ok((row.ts as string) < "2017", `endsong row from ${row.ts}`);
    oldStamps.push(row.offline_timestamp as number);
    if (row.skipped === null) oldSkippedNull++;
    oldRows++;
  }
  for (const row of recent.flatMap((f) => f.rows)) {
    assert.deepEqual(Object.keys(row), (row.ts as string) >= "2021" ? NEW_KEYS_2021 : NEW_KEYS);
    assert.match(row.platform as string, /^(android|ios|windows|osx|cast|web_player|unknown)$/);
    newStamps.push(row.offline_timestamp as number | null);
  }
  assert.ok(oldStamps.some((s) => String(s).length === 13), "no 13-digit offline_timestamp in endsong files");
  assert.ok(oldStamps.includes(0));
  assert.ok(newStamps.some((s) => s !== null && String(s).length === 10), "no 10-digit offline_timestamp");
  assert.ok(newStamps.includes(null) && newStamps.includes(0));
  const tokens = new Set(recent.flatMap((f) => f.rows.map((r) => r.platform)));
  for (const token of ["ios", "android", "cast"]) assert.ok(tokens.has(token), `no "${token}" platform`);
  assert.ok(oldSkippedNull / oldRows > 0.95, "skipped should be null in almost all endsong rows");
  const platforms = new Set(old.flatMap((f) => f.rows.map((r) => r.platform)));
  assert.ok(platforms.size >= 8, `only ${platforms.size} distinct old platforms`);
  assert.ok([...platforms].some((p) => /^Partner google cast_tv;Chromecast;;$/.test(p as string)));
  const agents = old.flatMap((f) => f.rows.map((r) => r.user_agent_decrypted));
  assert.ok(agents.some((a) => typeof a === "string" && a.includes("%2F")), "no URL-encoded user agent");
});

Deno.test("generateExtendedHistory() includes rows with everything null", () => {
  const rows = allRows(generated());
  const empty = rows.filter((r) =>
    CONTENT_KEYS.every((k) => r[k] === null) && r.audiobook_chapter_uri == null
  );
  assert.ok(empty.length >= 1);
  for (const row of empty) assert.equal(typeof row.ms_played, "number");
});

Deno.test("generateExtendedHistory() includes near-duplicates within one file", () => {
  let pairs = 0;
  for (const file of generated()) {
    const seen = new Map<string, number>();
    for (const row of file.rows) {
      if (row.spotify_track_uri === null) continue;
      const key = `${row.ts}|${row.spotify_track_uri}`;
      const ms = seen.get(key);
      if (ms !== undefined && ms !== row.ms_played) pairs++;
      seen.set(key, row.ms_played as number);
    }
  }
  assert.ok(pairs >= 15, `only ${pairs} near-duplicate pairs`);
  // No byte-identical duplicates inside one export.
  const all = allRows(generated()).map((r) => JSON.stringify(r));
  assert.equal(new Set(all).size, all.length);
});

Deno.test("generateExtendedHistory() spells some names in NFD and with stray spaces", () => {
  const rows = allRows(generated());
  const artists = new Set(rows.map(artistOf).filter((a) => a !== null));
  const decomposed = [...artists].filter((a) => a !== a.normalize("NFC"));
  assert.ok(decomposed.length >= 1, "no NFD artist name");
  // The same artist appears in NFC elsewhere.
  assert.ok(decomposed.some((a) => artists.has(a.normalize("NFC"))));
  const nfdRows = rows.filter((r) => {
    const name = r.master_metadata_track_name as string | null;
    return name !== null && name !== name.normalize("NFC");
  });
  assert.ok(nfdRows.length >= 20, `only ${nfdRows.length} rows with an NFD track name`);
  assert.ok([...artists].some((a) => a !== a.trim()), "no artist with a stray space");
  assert.ok([...artists].some((a) => a.includes("\u00a0")), "no artist with a no-break space");
  const scripts = [/\p{Script=Cyrillic}/u, /\p{Script=Hangul}/u, /\p{Script=Han}/u, /\p{Script=Devanagari}/u];
  for (const script of scripts) assert.ok([...artists].some((a) => script.test(a)), `no artist in ${script}`);
  assert.ok([...artists].some((a) => /\p{Extended_Pictographic}/u.test(a)), "no emoji artist");
  const tracks = rows.map((r) => r.master_metadata_track_name as string | null);
  assert.ok(tracks.some((t) => t !== null && /[‘’“”]/.test(t)), "no curly quotes");
});

Deno.test("generateExtendedHistory() includes podcasts, audiobooks and a video file", () => {
  const files = generated();
  const rows = allRows(files);
  const podcasts = rows.filter((r) => r.spotify_episode_uri !== null && r.spotify_track_uri === null);
  const share = podcasts.length / rows.length;
  assert.ok(share > 0.015 && share < 0.06, `podcast share ${share}`);
  for (const row of podcasts) {
    assert.match(row.spotify_episode_uri as string, /^spotify:episode:[0-9A-Za-z]{22}$/);
    assert.equal(typeof row.episode_name, "string");
    assert.equal(typeof row.episode_show_name, "string");
    assert.equal(row.master_metadata_track_name, null);
  }
  assert.ok(rows.some((r) => r.ms_played === 7_131_895 && r.spotify_episode_uri !== null));
  assert.ok(rows.some((r) => r.ms_played === 12_665_880 && r.spotify_track_uri !== null));

  const audiobooks = rows.filter((r) => typeof r.audiobook_chapter_uri === "string");
  assert.ok(audiobooks.length >= 1, "no audiobook row");
  for (const row of audiobooks) {
    assert.ok((row.ts as string) >= "2025", `audiobook in ${row.ts}`);
    for (const key of CONTENT_KEYS) assert.equal(row[key], null, key);
    assert.equal(typeof row.audiobook_title, "string");
  }

  const video = files.filter((f) => baseName(f).startsWith("Streaming_History_Video_"));
  assert.equal(video.length, 1);
  assert.ok(video[0].rows.some((r) => r.spotify_track_uri !== null), "no music in the video file");
  assert.ok(video[0].rows.some((r) => r.spotify_episode_uri !== null), "no video podcast in the video file");
});

Deno.test("generateExtendedHistory() writes files that are mostly but not strictly sorted", () => {
  const files = generated().filter((f) => f.rows.length > 100);
  const inversions = files.map((f) =>
    f.rows.filter((r, i) => i > 0 && (r.ts as string) < (f.rows[i - 1].ts as string))
  );
  assert.ok(inversions.some((list) => list.length > 0), "every file is sorted");
  files.forEach((file, i) =>
    assert.ok(inversions[i].length < file.rows.length * 0.1, `${file.name} is shuffled`)
  );

  // A file named after one year can start with rows of the year before.
  const audio = generated({ plays: 40_000, rowsPerFile: 6_000 }).filter((f) => f.name.includes("_Audio_"));
  const early = audio.filter((f) => {
    const named = Number(
      baseName(f).slice("Streaming_History_Audio_".length, "Streaming_History_Audio_".length + 4),
    );
    return f.rows.some((r) => Number((r.ts as string).slice(0, 4)) < named);
  });
  assert.ok(early.length >= 1, "no file starts with rows from before its name");
});

Deno.test("generateExtendedHistory() has a realistic mix of plays", () => {
  const rows = allRows(generated());
  const ms = rows.map((r) => r.ms_played as number);
  const short = ms.filter((m) => m < 30_000).length / rows.length;
  assert.ok(short > 0.2 && short < 0.4, `share under 30 s: ${short}`);
  assert.ok(ms.includes(0));
  const full = ms.filter((m) => m >= 120_000 && m <= 360_000).length / rows.length;
  assert.ok(full > 0.4, `share of 2–6 min plays: ${full}`);

  for (const r of rows) {
    if (r.spotify_track_uri !== null) {
      assert.match(r.spotify_track_uri as string, /^spotify:track:[0-9A-Za-z]{22}$/);
    }
  }
  const perArtist = new Map<string, number>();
  for (const r of rows) {
    const a = artistOf(r);
    if (a !== null) {
      perArtist.set(a.normalize("NFC").trim(), (perArtist.get(a.normalize("NFC").trim()) ?? 0) + 1);
    }
  }
  const top = Math.max(...perArtist.values()) / rows.length;
  assert.ok(top > 0.02 && top < 0.12, `top artist share ${top}`);
  assert.ok(perArtist.size > 150, `only ${perArtist.size} artists`);

  const reasons = new Set(rows.flatMap((r) => [r.reason_start, r.reason_end]));
  for (
    const reason of [
      "trackdone",
      "fwdbtn",
      "backbtn",
      "clickrow",
      "appload",
      "remote",
      "endplay",
      "logout",
      "unknown",
      "trackerror",
      "",
    ]
  ) assert.ok(reasons.has(reason), `no reason "${reason}"`);

  const countries = new Map<string, number>();
  for (const r of rows) {
    countries.set(r.conn_country as string, (countries.get(r.conn_country as string) ?? 0) + 1);
  }
  const ranked = [...countries.values()].sort((a, b) => b - a);
  assert.ok(
    (ranked[0] + ranked[1]) / rows.length > 0.8,
    "conn_country should be mostly one or two countries",
  );
  assert.ok(countries.has("ZZ") && countries.size > 4);
  assert.ok(rows.some((r) => r.incognito_mode === true));
  assert.ok(rows.filter((r) => r.incognito_mode === true).length / rows.length < 0.02);
  assert.ok(rows.some((r) => r.shuffle === true) && rows.some((r) => r.shuffle === false));
});

Deno.test("generateExtendedHistory() follows a daily rhythm, grows over the years and plays in sessions", () => {
  const rows = allRows(generated()).sort((a, b) => (a.ts as string) < (b.ts as string) ? -1 : 1);
  const hours = new Array(24).fill(0);
  const days = new Array(7).fill(0);
  const years = new Map<number, number>();
  for (const r of rows) {
    const date = new Date(r.ts as string);
    hours[date.getUTCHours()]++;
    days[date.getUTCDay()]++;
    years.set(date.getUTCFullYear(), (years.get(date.getUTCFullYear()) ?? 0) + 1);
  }
  // Local (CET/CEST) 3–6 am is 1–5 am UTC; evenings 7–10 pm local are 5–9 pm UTC.
  const night = (hours[1] + hours[2] + hours[3] + hours[4]) / rows.length;
  const evening = (hours[17] + hours[18] + hours[19] + hours[20]) / rows.length;
  assert.ok(night < 0.05, `night share ${night}`);
  assert.ok(evening > 0.2, `evening share ${evening}`);
  assert.ok(days[6] > days[2], "Saturday should be busier than Tuesday");
  assert.ok(years.get(2025)! > years.get(2019)! * 1.5, "listening should grow over the years");

  // Within a session the next ts ≈ previous ts + its ms_played.
  let chained = 0;
  for (let i = 1; i < rows.length; i++) {
    const gap = Date.parse(rows[i].ts as string) - Date.parse(rows[i - 1].ts as string);
    if (Math.abs(gap - (rows[i].ms_played as number)) <= 4_000) chained++;
  }
  assert.ok(chained / rows.length > 0.6, `only ${chained} of ${rows.length} plays continue a session`);
});

Deno.test("generateExtendedHistory() writes 650–900 bytes per row, like real exports", () => {
  for (const options of [{}, { plays: 20_000, startYear: 2013 }]) {
    const files = generated(options);
    const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
    const perRow = bytes / allRows(files).length;
    assert.ok(perRow >= 650 && perRow <= 900, `${perRow} bytes per row for ${JSON.stringify(options)}`);
  }
});

Deno.test("generateExtendedHistory() shares the catalogue between sizes of one seed", () => {
  const uris = (options: GenerateOptions) =>
    new Set(allRows(generated(options)).map((r) => r.spotify_track_uri).filter((u) => u !== null));
  const small = uris({ plays: 1_000 });
  const large = uris({});
  const shared = [...small].filter((u) => large.has(u)).length;
  assert.ok(shared / small.size > 0.5, `only ${shared} of ${small.size} URIs shared`);
});

Deno.test("generateExtendedHistory() makes an export dated any day around a new year (the demo dates its own so)", () => {
  // The demo's export is dated three days after the day it is made, and the two days before an export have no
  // sessions: one dated 2 or 3 January leaves the new year no day, so the history ends with the old year.
  for (
    const [exportDate, lastYear] of [
      ["2026-12-30", "2026"],
      ["2027-01-01", "2026"],
      ["2027-01-02", "2026"],
      ["2027-01-03", "2026"],
      ["2027-01-04", "2027"],
      ["2027-01-05", "2027"],
    ]
  ) {
    const rows = allRows(generated({ plays: 20_000, exportDate }));
    assert.equal(rows.length, 20_000, exportDate);
    const last = rows.reduce((latest, row) => (row.ts as string) > latest ? row.ts as string : latest, "");
    assert.equal(last.slice(0, 4), lastYear, `${exportDate}: last play ${last}`);
    assert.ok(last < `${exportDate}T00:00:00Z`, `${exportDate}: last play ${last}`);
  }
  assert.throws(() => generateExtendedHistory({ exportDate: "2027-01-03", endYear: 2027 }), RangeError);
});

Deno.test("generateExtendedHistory() rejects bad options when called", () => {
  const bad: GenerateOptions[] = [
    { plays: -1 },
    { plays: 1.5 },
    { seed: Number.NaN },
    { startYear: 2020, endYear: 2019 },
    { endYear: 2027 },
    { startYear: 1999 },
    { rowsPerFile: 0 },
    { plays: 100_000, startYear: 2026 },
  ];
  for (const options of bad) {
    assert.throws(() => generateExtendedHistory(options), RangeError, JSON.stringify(options));
  }
  assert.throws(
    () => generateExtendedHistory({ plays: -1 }),
    {
      message:
        'Cannot generate a streaming history: "plays" must be an integer from 0 to 9007199254740991, got -1',
    },
  );
});
