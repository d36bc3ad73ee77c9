/**
 * A deterministic generator of a realistic Spotify "Extended Streaming History" export.
 *
 * It feeds the demo warehouse shown on first start (~20,000 plays) and the import benchmark
 * (350,000 plays, ~258 MB of JSON; a real export of that size is ~270 MB). The output reproduces the
 * quirks of real exports that the importer must survive (see spotify-data-facts.md): key sets that
 * differ by era, files that are not sorted, near-duplicate rows, rows with everything null, podcasts,
 * audiobooks, a video file, names in many scripts, some of them in Unicode NFD or with stray spaces.
 * Addresses come from the documentation ranges (TEST-NET, 2001:db8::/32); names are invented.
 *
 * Same options → byte-identical output: every random choice comes from seeded sfc32 streams, never from
 * `Math.random()` or the clock. The catalogue (artists, albums, tracks, URIs) depends only on `seed`, so
 * two sizes with one seed share it.
 *
 * @example
 * ```ts
 * for (const file of generateExtendedHistory({ plays: 20_000 })) {
 *   await Deno.writeTextFile(`out/${file.name.split("/").at(-1)}`, file.json);
 * }
 * ```
 *
 * @module
 */

/** One file of the export, as it appears inside Spotify's ZIP. */
export interface GeneratedFile {
  /** Path inside the ZIP, e.g. `Spotify Extended Streaming History/Streaming_History_Audio_2019-2021_3.json`. */
  name: string;
  /** The whole file: a JSON array of rows, pretty-printed like the real files. */
  json: string;
}

/** Options of {@linkcode generateExtendedHistory}. */
export interface GenerateOptions {
  /**
   * Rows in total across all files, odd rows (all-null rows, near-duplicates, audiobooks) included.
   * @default {20_000}
   */
  plays?: number;
  /**
   * Seed of every random choice; the same options always give byte-identical files.
   * @default {1}
   */
  seed?: number;
  /**
   * First year with plays (rows before 2017 go to `endsong_<n>.json` files).
   * @default {2006 when plays >= 100_000, else 2019}
   */
  startYear?: number;
  /**
   * Last year with plays, at most 2026. The synthetic export is dated 2026-10-31, so no play ends on or
   * after `2026-10-31T00:00:00Z`.
   * @default {2026}
   */
  endYear?: number;
  /**
   * Target rows per file (real exports split at ~12 MB). Files cut at a year boundary may be up to ~15 %
   * larger.
   * @default {15_500}
   */
  rowsPerFile?: number;
}

/**
 * Generates a listening history in Spotify's Extended Streaming History format, one file at a time.
 *
 * Yields `endsong_<n>.json` files (rows before 2017, old key set), then
 * `Streaming_History_Audio_<years>_<n>.json` files, then one `Streaming_History_Video_<years>.json` file
 * (when the years reach 2017 and there are at least 200 plays). Only one file's rows are held in memory.
 * Options are validated when this function is called, not on the first iteration.
 *
 * @throws {RangeError} when an option is out of range, e.g. `startYear` after `endYear`, or when a year
 * would need more than 200 plays a day.
 */
export function generateExtendedHistory(options: GenerateOptions = {}): Generator<GeneratedFile> {
  const config = resolveOptions(options);
  return generateFiles(config, plan(config));
}

// ---------------------------------------------------------------------------------------------------------
// Constants

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** The synthetic export's date: no play ends on or after it. */
const EXPORT_CUTOFF_MS = Date.UTC(2026, 9, 31);
const LAST_YEAR = 2026;
const FIRST_ALLOWED_YEAR = 2000;
const FIRST_NEW_FORMAT_YEAR = 2017;
const FIRST_PODCAST_YEAR = 2015;
const FIRST_VIDEO_YEAR = 2020;
// Exports made since 2025 carry the audiobook keys on recent rows too (null unless an audiobook played).
const AUDIOBOOK_KEYS_FROM_MS = Date.UTC(2021, 0, 1);
const FOLDER = "Spotify Extended Streaming History/";
const USERNAME = "demo-listener";
const SOUND_BATH_MS = 12_665_880;
const LONG_PODCAST_MS = 7_131_895;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ARTIST_COUNT = 320;
/** About 8 hours of music a day: denser years could not keep plays from overlapping. */
const MAX_PLAYS_PER_DAY = 200;
/** Index in SHOWS of the show with the 7,131,895 ms episode. */
const LONG_SHOW = 7;
const ARTIST_ZIPF_EXPONENT = 0.72;

/** Random streams: each concern draws from its own, so changing one never shifts another. */
const STREAM = {
  catalogue: 1,
  plan: 2,
  timeline: 3,
  video: 4,
  listener: 5,
  episode: 0x100000, // + show * 0x10000 + episode number
  chapter: 0x800000, // + book * 0x1000 + chapter number
  jostle: 0x1000000, // + file number
} as const;

// ---------------------------------------------------------------------------------------------------------
// Options

interface Config {
  plays: number;
  seed: number;
  startYear: number;
  endYear: number;
  rowsPerFile: number;
}

function resolveOptions(options: GenerateOptions): Config {
  const plays = options.plays ?? 20_000;
  checkInteger("plays", plays, 0, Number.MAX_SAFE_INTEGER);
  const seed = options.seed ?? 1;
  checkInteger("seed", seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const startYear = options.startYear ?? (plays >= 100_000 ? 2006 : 2019);
  checkInteger("startYear", startYear, FIRST_ALLOWED_YEAR, LAST_YEAR);
  const endYear = options.endYear ?? LAST_YEAR;
  checkInteger("endYear", endYear, startYear, LAST_YEAR);
  const rowsPerFile = options.rowsPerFile ?? 15_500;
  checkInteger("rowsPerFile", rowsPerFile, 1, Number.MAX_SAFE_INTEGER);
  return { plays, seed, startYear, endYear, rowsPerFile };
}

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(
      `Cannot generate a streaming history: "${name}" must be an integer from ${min} to ${max}, got ${value}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------
// Seeded randomness

/** sfc32, seeded through a 32-bit finaliser from (seed, stream). */
class Random {
  #a: number;
  #b: number;
  #c: number;
  #d = 1;

  constructor(seed: number, stream: number) {
    this.#a = mix32(seed >>> 0);
    this.#b = mix32((Math.floor(seed / 4294967296) >>> 0) ^ 0x5bd1e995);
    this.#c = mix32((stream >>> 0) ^ 0x27d4eb2f);
    for (let i = 0; i < 15; i++) this.uint32();
  }

  uint32(): number {
    const a = this.#a, b = this.#b, c = this.#c, d = this.#d;
    const t = (((a + b) | 0) + d) | 0;
    this.#d = (d + 1) | 0;
    this.#a = b ^ (b >>> 9);
    this.#b = (c + (c << 3)) | 0;
    const r = (c << 21) | (c >>> 11);
    this.#c = (r + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** An integer in [lo, hi]. */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** An index drawn from a cumulative weight table. */
  weighted(cumulative: Float64Array): number {
    const target = this.float() * cumulative[cumulative.length - 1];
    let lo = 0, hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** One value of a `[value, weight][]` table. */
  choose<T>(table: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of table) total += w;
    let target = this.float() * total;
    for (const [value, w] of table) {
      target -= w;
      if (target < 0) return value;
    }
    return table[table.length - 1][0];
  }

  base62(length: number): string {
    let out = "";
    for (let i = 0; i < length; i++) out += BASE62[this.int(62)];
    return out;
  }
}

function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function cumulate(weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) out[i] = sum += weights[i];
  return out;
}

/** Splits `total` by `weights` with the largest-remainder method, so the parts sum to `total` exactly. */
function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const parts = exact.map(Math.floor);
  let missing = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i]).sort((p, q) => q[0] - p[0] || p[1] - q[1]);
  for (let k = 0; missing > 0; k = (k + 1) % order.length, missing--) parts[order[k][1]]++;
  return parts;
}

// ---------------------------------------------------------------------------------------------------------
// Words. Every literal is NFC; NFD spellings are derived with String.prototype.normalize.

// deno-fmt-ignore
const FIRST_NAMES = [
  "Mara", "Jonas", "Ava", "Leo", "Nina", "Theo", "Ivy", "Oskar", "Ruby", "Felix", "Lena", "Milo", "Hana",
  "Elliot", "Sasha", "Jade", "Noah", "Clara", "Rafael", "Iris", "Kai", "June", "Otis", "Maya",
];
// deno-fmt-ignore
const LAST_NAMES = [
  "Quinn", "Hart", "Vale", "Moreno", "Sato", "Bishop", "Okafor", "Lind", "Marsh", "Castell", "Reyes",
  "Fox", "Winter", "Novak", "Ashby", "Kirby", "Lowe", "Brandt", "Holloway", "Sterling",
];
// deno-fmt-ignore
const FIRST_NAMES_DIACRITIC = [
  "Zoë", "Björn", "Jérôme", "Léa", "Renée", "José", "Agnès", "Mårten", "Chloë", "Andrés", "Noémie", "Jiří",
  "Åsa", "Inés", "Günter", "Françoise", "Héctor", "Marté",
];
// deno-fmt-ignore
const LAST_NAMES_DIACRITIC = [
  "Müller", "Lindqvist", "Åkesson", "Duprès", "Ferrão", "Núñez", "Öberg", "Dvořák", "Kovačević",
  "Sjöström", "Gonçalves", "Ibáñez", "Pérez", "Hämäläinen", "Çelik", "Şahin", "Nguyễn", "Brontë",
];
// deno-fmt-ignore
const ADJECTIVES = [
  "Midnight", "Paper", "Golden", "Hollow", "Static", "Velvet", "Neon", "Silver", "Wild", "Quiet",
  "Northern", "Glass", "Electric", "Broken", "Distant", "Lucky", "Crystal", "Honey", "Secret", "Lonely",
  "Burning", "Blue", "Little", "Endless", "Young", "Sleepless", "Slow", "Bright",
];
// deno-fmt-ignore
const NOUNS = [
  "River", "Echo", "Ghost", "Summer", "Winter", "Ocean", "Shadow", "Satellite", "Youth", "Fever", "Garden",
  "Signal", "Canyon", "Lantern", "Harbor", "Comet", "Mirror", "Orchid", "Thunder", "Willow", "Atlas",
  "Ember", "Heart", "Light", "Night", "Dream", "Fire", "Rain", "City", "Road", "Home", "Sky", "Wave",
  "Line", "Star", "Machine", "Window", "Letter", "Tide", "Season",
];
// deno-fmt-ignore
const VERBS = [
  "Stop", "Look Back", "Sleep", "Let Go", "Wait", "Forget", "Run", "Cry", "Call Me", "Come Home",
];
// deno-fmt-ignore
const DIACRITIC_WORDS = [
  "Café", "Mañana", "Über", "Fjäril", "Garçon", "Näher", "Sølv", "Ørken", "Noël", "Ångström", "Señor",
  "Pequeño", "Coração", "São", "Müde", "Göteborg", "Île", "Été", "Rêve", "Hôtel", "Jalapeño", "Smörgås",
  "Kärlek", "Sjö", "Déjà", "Naïve", "Façade", "Fête", "Crème", "Brûlée", "Lágrimas", "Canção", "Ça",
  "Äpfel", "Wörter", "Ñandú", "Ljós", "Tíðin",
];
// deno-fmt-ignore
const CYRILLIC_WORDS = [
  "Ночь", "Город", "Звезда", "Ветер", "Небо", "Ёлка", "Тишина", "Весна", "Лёд", "Мой", "Последний",
  "Танец", "Море", "Кино", "Солнце", "Дождь", "Йога", "Зимний", "Огонь", "Дорога", "Сердце", "Твой",
  "Край", "Музыка",
];
// deno-fmt-ignore
const HANGUL_WORDS = [
  "사랑", "밤", "하늘", "꿈", "별", "바다", "우리", "너의", "노래", "시간", "서울", "여름", "비", "눈물", "새벽", "봄날", "그대", "빛",
  "마음", "파도",
];
// deno-fmt-ignore
const CJK_WORDS = [
  "夜", "空", "夢", "月", "花", "雨", "東京", "愛", "光", "風", "恋", "桜", "青い", "鳥", "街", "星", "海", "ガラス", "だけ",
  "ぼくら", "が", "時間", "再見", "香港", "的", "心", "ゆめ", "ざわめき",
];
// deno-fmt-ignore
const DEVANAGARI_WORDS = [
  "दिल", "प्यार", "रात", "सपना", "गीत", "चाँद", "मेरा", "तेरा", "बारिश", "सफ़र", "ज़िंदगी", "दोस्ती",
  "आसमान",
];
const THAI_WORDS = ["รัก", "ดาว", "คืน", "ฝัน", "ทะเล", "เพลง", "ใจ"];
const HEBREW_WORDS = ["לילה", "אור", "שיר", "ים", "אהבה", "חלום"];
const EMOJI = ["🔥", "🌙", "💔", "✨", "🌊", "🎧", "🌸", "🚀", "☀️", "🖤", "🦋", "🌈"];

type Script =
  | "latin"
  | "diacritic"
  | "cyrillic"
  | "hangul"
  | "cjk"
  | "devanagari"
  | "thai"
  | "hebrew"
  | "emoji";

/** Scripts of the most popular artists, fixed so that every size shows a mix of scripts early. */
const TOP_SCRIPTS: readonly Script[] = [
  "latin",
  "diacritic",
  "latin",
  "hangul",
  "latin",
  "cyrillic",
  "diacritic",
  "cjk",
  "latin",
  "emoji",
  "devanagari",
  "latin",
];
const SCRIPT_WEIGHTS: readonly (readonly [Script, number])[] = [
  ["latin", 50],
  ["diacritic", 16],
  ["cyrillic", 7],
  ["hangul", 8],
  ["cjk", 7],
  ["devanagari", 4],
  ["thai", 2],
  ["hebrew", 2],
  ["emoji", 4],
];

function words(rng: Random, pool: readonly string[], min: number, max: number, glue: string): string {
  const n = rng.between(min, max);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(rng.pick(pool));
  return out.join(glue);
}

function artistNameFor(rng: Random, script: Script): string {
  switch (script) {
    case "latin":
      return rng.choose<() => string>([
        [() => `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`, 4],
        [() => `The ${rng.pick(ADJECTIVES)} ${plural(rng.pick(NOUNS))}`, 3],
        [() => `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`, 3],
        [() => `DJ ${rng.pick(NOUNS)}`, 1],
        [() => `${rng.pick(FIRST_NAMES)} & the ${plural(rng.pick(NOUNS))}`, 1],
        [() => `${rng.pick(NOUNS)} ${rng.pick(["Club", "Collective", "Trio", "Society", "Orchestra"])}`, 1],
      ])();
    case "diacritic":
      return rng.choose<() => string>([
        [() => `${rng.pick(FIRST_NAMES_DIACRITIC)} ${rng.pick(LAST_NAMES_DIACRITIC)}`, 4],
        [() => `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES_DIACRITIC)}`, 2],
        [() => `${rng.pick(DIACRITIC_WORDS)} ${rng.pick(DIACRITIC_WORDS)}`, 2],
        [() => `Los ${rng.pick(DIACRITIC_WORDS)}`, 1],
      ])();
    case "cyrillic":
      return rng.chance(0.3) ? `Группа ${rng.pick(CYRILLIC_WORDS)}` : words(rng, CYRILLIC_WORDS, 1, 2, " ");
    case "hangul":
      return words(rng, HANGUL_WORDS, 1, 2, rng.chance(0.5) ? "" : " ");
    case "cjk":
      return words(rng, CJK_WORDS, 1, 3, "");
    case "devanagari":
      return words(rng, DEVANAGARI_WORDS, 1, 2, " ");
    case "thai":
      return words(rng, THAI_WORDS, 1, 2, "");
    case "hebrew":
      return words(rng, HEBREW_WORDS, 1, 2, " ");
    case "emoji":
      return rng.chance(0.5)
        ? `${rng.pick(NOUNS)} ${rng.pick(EMOJI)}`
        : `${rng.pick(EMOJI)} ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`;
  }
}

function plural(noun: string): string {
  if (/(s|sh|ch|x|o)$/.test(noun)) return `${noun}es`;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

function englishTitle(rng: Random): string {
  const adjective = () => rng.pick(ADJECTIVES);
  const noun = () => rng.pick(NOUNS);
  return rng.choose<() => string>([
    [() => `${adjective()} ${noun()}`, 5],
    [() => noun(), 1],
    [() => `The ${adjective()} ${noun()}`, 2],
    [() => `${plural(noun())} of ${noun()}`, 2],
    [() => `${adjective()} ${noun()} in the ${noun()}`, 2],
    [() => `When the ${noun()} Comes Home`, 1],
    [() => `Songs for a ${adjective()} ${noun()}`, 1],
    [() => `All the ${adjective()} ${plural(noun())}`, 1],
    [() => `${noun()} & ${noun()}`, 1],
    [() => `Don’t ${rng.pick(VERBS)}`, 1],
    [() => `I’m ${adjective()} (But I ${rng.pick(VERBS)})`, 1],
    [() => `${rng.pick(FIRST_NAMES)}’s ${noun()}`, 1],
    [() => `‘Til the ${noun()} Is ${adjective()}`, 1],
    [() => `“${noun()}”`, 1],
  ])();
}

function titleFor(rng: Random, script: Script): string {
  if (script === "latin" || script === "emoji" || rng.chance(0.3)) {
    const title = englishTitle(rng);
    return script === "emoji" && rng.chance(0.4) ? `${title} ${rng.pick(EMOJI)}` : title;
  }
  switch (script) {
    case "diacritic":
      return words(rng, DIACRITIC_WORDS, 1, 3, " ");
    case "cyrillic":
      return words(rng, CYRILLIC_WORDS, 1, 3, " ");
    case "hangul":
      return words(rng, HANGUL_WORDS, 1, 3, " ");
    case "cjk":
      return words(rng, CJK_WORDS, 1, 4, "");
    case "devanagari":
      return words(rng, DEVANAGARI_WORDS, 1, 3, " ");
    case "thai":
      return words(rng, THAI_WORDS, 1, 3, "");
    default:
      return words(rng, HEBREW_WORDS, 1, 3, " ");
  }
}

// ---------------------------------------------------------------------------------------------------------
// Catalogue

interface Artist {
  name: string;
  nfd: string;
  /** The name with a stray leading/trailing space or no-break space, emitted in a few rows. */
  spaced: string;
  /** Share of rows that spell this artist (and the track/album) in NFD. */
  nfdRate: number;
  spacedRate: number;
  /** Popularity before year factors. */
  weight: number;
  /** Years in which the artist is at full weight: [from, until). */
  from: number;
  until: number;
  albums: Album[];
  tracks: Track[];
  trackCumulative: Float64Array;
}

interface Album {
  name: string;
  nfd: string;
  artist: Artist;
  tracks: Track[];
}

interface Track {
  name: string;
  nfd: string;
  uri: string;
  durationMs: number;
  album: Album;
}

interface Show {
  name: string;
  index: number;
  weight: number;
  cadenceDays: number;
  firstMs: number;
  minMinutes: number;
  maxMinutes: number;
  video: boolean;
  label: (n: number, title: string) => string;
}

interface Episode {
  name: string;
  show: Show;
  uri: string;
  durationMs: number;
}

interface Book {
  title: string;
  uri: string;
  index: number;
  chapters: number;
  chapterLabel: string;
}

interface Chapter {
  book: Book;
  title: string;
  uri: string;
}

interface Catalogue {
  artists: Artist[];
  soundBath: Track;
  shows: Show[];
  books: Book[];
}

function buildCatalogue(seed: number): Catalogue {
  const rng = new Random(seed, STREAM.catalogue);
  const taken = new Set<string>();
  const artists: Artist[] = [];
  const scripts: Script[] = [];
  for (let rank = 1; rank <= ARTIST_COUNT; rank++) {
    const script = TOP_SCRIPTS[rank - 1] ?? rng.choose(SCRIPT_WEIGHTS);
    let name = artistNameFor(rng, script).normalize("NFC");
    for (let attempt = 0; taken.has(name); attempt++) {
      name = attempt < 20 ? artistNameFor(rng, script).normalize("NFC") : `${name} ${rng.pick(NOUNS)}`;
    }
    taken.add(name);
    const nfd = name.normalize("NFD");
    const decomposes = nfd !== name;
    // The second artist always shows both spellings; a third of the others that decompose do too.
    const nfdRate = !decomposes ? 0 : rank === 2 ? 0.2 : rng.chance(0.35) ? 0.02 + rng.float() * 0.3 : 0;
    // The third and fifth artists always show a stray no-break space / space in a few rows.
    const variant = rng.choose([[` ${name}`, 1], [`${name} `, 2], [`${name}\u00a0`, 1]]);
    const spaced = rank === 3 ? `${name}\u00a0` : rank === 5 ? `${name} ` : variant;
    const spacedRate = rank === 3 || rank === 5 || rng.chance(0.03) ? 0.01 + rng.float() * 0.04 : 0;
    const discovered = rank > 15 && rng.chance(0.5);
    const from = discovered ? 2004 + rng.int(LAST_YEAR - 2004 + 1) : -Infinity;
    const until = rank > 15 && rng.chance(0.4) ? from + rng.between(3, 15) : Infinity;
    const artist: Artist = {
      name,
      nfd,
      spaced,
      nfdRate,
      spacedRate,
      weight: Math.pow(rank, -ARTIST_ZIPF_EXPONENT),
      from,
      until,
      albums: [],
      tracks: [],
      trackCumulative: new Float64Array(0),
    };
    artists.push(artist);
    scripts.push(script);
  }

  for (const [i, artist] of artists.entries()) {
    const rank = i + 1;
    const script = scripts[i];
    const albumCount = 1 + rng.int(3) + (rank <= 30 ? 3 + rng.int(6) : rank <= 100 ? 1 + rng.int(3) : 0);
    let reissue: string | null = null;
    for (let a = 0; a < albumCount; a++) {
      const kind = rng.choose([["single", 3], ["ep", 1.5], ["album", 5.5]] as const);
      const size = kind === "single" ? 1 : kind === "ep" ? rng.between(4, 6) : rng.between(8, 14);
      const trackNames: string[] = [];
      for (let t = 0; t < size; t++) trackNames.push(trackTitle(rng, script, artists, t, size));
      // A single often reappears on the next release under a new URI, as on Spotify.
      if (reissue !== null && size > 1) trackNames[rng.int(size)] = reissue;
      reissue = kind === "single" && rng.chance(0.5) ? trackNames[0] : null;
      const albumName = (kind === "single"
        ? trackNames[0]
        : kind === "ep" && rng.chance(0.5)
        ? `${titleFor(rng, script)} EP`
        : albumTitle(rng, script)).normalize("NFC");
      const album: Album = { name: albumName, nfd: albumName.normalize("NFD"), artist, tracks: [] };
      for (const trackName of trackNames) {
        const track: Track = {
          name: trackName,
          nfd: trackName.normalize("NFD"),
          uri: `spotify:track:${rng.base62(22)}`,
          durationMs: trackDuration(rng),
          album,
        };
        album.tracks.push(track);
        artist.tracks.push(track);
      }
      artist.albums.push(album);
    }
    // Popular tracks are scattered over the artist's releases.
    const order = artist.tracks.map((_, k) => k);
    for (let k = order.length - 1; k > 0; k--) {
      const j = rng.int(k + 1);
      [order[k], order[j]] = [order[j], order[k]];
    }
    const weights = new Float64Array(order.length);
    order.forEach((trackIndex, popularity) => weights[trackIndex] = Math.pow(popularity + 1, -1.1));
    artist.trackCumulative = cumulate(weights);
  }

  const bathArtist = artists[ARTIST_COUNT - 1];
  const bathAlbum: Album = {
    name: "Sound Bath for Deep Sleep",
    nfd: "Sound Bath for Deep Sleep",
    artist: bathArtist,
    tracks: [],
  };
  const soundBath: Track = {
    name: "Sound Bath for Deep Sleep (3.5 Hours)",
    nfd: "Sound Bath for Deep Sleep (3.5 Hours)",
    uri: `spotify:track:${rng.base62(22)}`,
    durationMs: SOUND_BATH_MS,
    album: bathAlbum,
  };
  bathAlbum.tracks.push(soundBath);

  const shows: Show[] = SHOWS.map((spec, index) => ({
    ...spec,
    index,
    firstMs: Date.UTC(spec.firstYear, rng.int(12), 1 + rng.int(28)),
  }));
  const books: Book[] = BOOKS.map((spec, index) => ({
    ...spec,
    index,
    uri: `spotify:audiobook:${rng.base62(22)}`,
  }));
  return { artists, soundBath, shows, books };
}

function trackTitle(rng: Random, script: Script, artists: Artist[], position: number, size: number): string {
  if (size > 6 && position === 0 && rng.chance(0.08)) return rng.chance(0.7) ? "Intro " : "Intro";
  let title = titleFor(rng, script);
  const suffix = rng.float();
  if (suffix < 0.05) title += ` - Remastered ${rng.between(2001, 2023)}`;
  else if (suffix < 0.09) title += ` (feat. ${rng.pick(artists).name})`;
  else if (suffix < 0.12) title += " - Live";
  else if (suffix < 0.14) title += " - Acoustic";
  else if (suffix < 0.16) title += " - Radio Edit";
  // A few catalogue names carry a stray space, in every row.
  if (rng.chance(0.004)) title = rng.chance(0.5) ? `${title} ` : ` ${title}`;
  return title.normalize("NFC");
}

function albumTitle(rng: Random, script: Script): string {
  return rng.choose<() => string>([
    [() => titleFor(rng, script), 6],
    [() => `${titleFor(rng, script)} (Deluxe Edition)`, 1],
    [() => `${titleFor(rng, script)} (Remastered ${rng.between(2009, 2022)})`, 0.5],
    [() => `${titleFor(rng, script)} (${rng.between(10, 30)}th Anniversary Edition)`, 0.3],
    [() => `${titleFor(rng, script)} (Original Motion Picture Soundtrack)`, 0.3],
    [() => `${titleFor(rng, script)}, Vol. ${rng.between(1, 4)}`, 0.4],
    [() => `Live at ${rng.pick(["Wembley", "the Olympia", "Montreux", "Köln", "Roskilde", "Budokan"])}`, 0.4],
  ])();
}

function trackDuration(rng: Random): number {
  const r = rng.float();
  if (r < 0.03) return rng.between(6 * MINUTE_MS, 11 * MINUTE_MS);
  if (r < 0.06) return rng.between(45_000, 110_000);
  // Sum of three uniforms: a bell between 2 and 6 minutes, centred near 3.6.
  return Math.round(120_000 + 240_000 * ((rng.float() + rng.float() + rng.float()) / 3));
}

const SHOWS: readonly {
  name: string;
  weight: number;
  cadenceDays: number;
  firstYear: number;
  minMinutes: number;
  maxMinutes: number;
  video: boolean;
  label: (n: number, title: string) => string;
}[] = [
  {
    name: "The Daily Byte",
    weight: 5,
    cadenceDays: 1,
    firstYear: 2014,
    minMinutes: 18,
    maxMinutes: 32,
    video: false,
    label: (n, t) => `${t} (Ep. ${n})`,
  },
  {
    name: "History of Everything",
    weight: 3,
    cadenceDays: 7,
    firstYear: 2013,
    minMinutes: 40,
    maxMinutes: 95,
    video: false,
    label: (n, t) => `#${n} – ${t}`,
  },
  {
    name: "Über Klang & Kultur",
    weight: 2,
    cadenceDays: 14,
    firstYear: 2016,
    minMinutes: 45,
    maxMinutes: 80,
    video: false,
    label: (n, t) => `Folge ${n}: ${t}`,
  },
  {
    name: "Late Night Linguistics",
    weight: 2,
    cadenceDays: 7,
    firstYear: 2018,
    minMinutes: 50,
    maxMinutes: 110,
    video: true,
    label: (n, t) => `${n}. ${t}`,
  },
  {
    name: "밤의 라디오",
    weight: 1,
    cadenceDays: 7,
    firstYear: 2017,
    minMinutes: 30,
    maxMinutes: 60,
    video: false,
    label: (n, t) => `${n}화 ${t}`,
  },
  {
    name: "Тихий час",
    weight: 1,
    cadenceDays: 10,
    firstYear: 2015,
    minMinutes: 25,
    maxMinutes: 55,
    video: false,
    label: (n, t) => `Выпуск ${n}. ${t}`,
  },
  {
    name: "Deep Focus Talks",
    weight: 2,
    cadenceDays: 7,
    firstYear: 2019,
    minMinutes: 60,
    maxMinutes: 150,
    video: true,
    label: (n, t) => `Episode ${n}: ${t}`,
  },
  {
    name: "The Long Conversation",
    weight: 1,
    cadenceDays: 30,
    firstYear: 2014,
    minMinutes: 90,
    maxMinutes: 180,
    video: true,
    label: (n, t) => `${t} (Part ${n})`,
  },
  {
    name: "Kaffee & Kuchen – Der Podcast",
    weight: 1,
    cadenceDays: 7,
    firstYear: 2020,
    minMinutes: 35,
    maxMinutes: 70,
    video: false,
    label: (n, t) => `#${n} ${t}`,
  },
];

const BOOKS: readonly { title: string; chapters: number; chapterLabel: string }[] = [
  { title: "Pride and Prejudice", chapters: 61, chapterLabel: "Chapter" },
  { title: "Der Zauberberg", chapters: 48, chapterLabel: "Kapitel" },
  { title: "Мастер и Маргарита", chapters: 33, chapterLabel: "Глава" },
];

function episodeOf(seed: number, show: Show, n: number): Episode {
  const rng = new Random(seed, STREAM.episode + show.index * 0x10000 + (n & 0xffff));
  const title = rng.chance(0.5) ? `${rng.pick(ADJECTIVES)} ${plural(rng.pick(NOUNS))}` : englishTitle(rng);
  return {
    name: show.label(n, title),
    show,
    uri: `spotify:episode:${rng.base62(22)}`,
    durationMs: rng.between(show.minMinutes * MINUTE_MS, show.maxMinutes * MINUTE_MS),
  };
}

function chapterOf(seed: number, book: Book, n: number): Chapter {
  const rng = new Random(seed, STREAM.chapter + book.index * 0x1000 + n);
  return { book, title: `${book.chapterLabel} ${n}`, uri: `spotify:episode:${rng.base62(22)}` };
}

// ---------------------------------------------------------------------------------------------------------
// Calendar: rhythm in the listener's local time (Central European, with summer time), stored in UTC.

/** Weight of each local hour on weekdays: commute, little at 3–6 am, heavy evenings. */
// deno-fmt-ignore
const WEEKDAY_HOURS = cumulate([
  0.6, 0.3, 0.15, 0.05, 0.04, 0.06, 0.35, 0.9, 1.0, 0.6, 0.5, 0.5, 0.7, 0.6, 0.5, 0.6, 0.8, 1.1, 1.3, 1.6,
  1.8, 1.7, 1.3, 0.9,
]);
/** Weekends: late mornings, heavy afternoons and evenings. */
// deno-fmt-ignore
const WEEKEND_HOURS = cumulate([
  0.9, 0.6, 0.3, 0.1, 0.05, 0.03, 0.05, 0.1, 0.3, 0.6, 1.0, 1.2, 1.3, 1.5, 1.7, 1.8, 1.7, 1.5, 1.4, 1.5,
  1.6, 1.5, 1.2, 1.0,
]);
/** Sunday first, as `Date#getUTCDay`. */
const WEEKDAY_WEIGHTS = [1.25, 0.95, 0.95, 1.0, 1.0, 1.1, 1.35];
const TRIP_COUNTRIES = ["FR", "ES", "IT", "PT", "GB", "US", "JP", "GR", "HR", "SE", "AT", "DK", "CZ", "PL"];

interface Trip {
  fromMs: number;
  untilMs: number;
  country: string;
}

interface YearCalendar {
  year: number;
  /** Earliest allowed session start (UTC). */
  startMs: number;
  /** Local midnight of Jan 1, as a wall-clock timestamp. */
  wallStartMs: number;
  dayCumulative: Float64Array;
  weekend: Uint8Array;
  dstFromMs: number;
  dstUntilMs: number;
  trips: Trip[];
  home: string;
}

function lastSundayUtc(year: number, month: number): number {
  const last = Date.UTC(year, month + 1, 0);
  return last - new Date(last).getUTCDay() * DAY_MS;
}

/**
 * @param limitMs Sessions must start well before this (next year's start or the export cutoff).
 * @param reserveDays Days left empty at the end so that no session spills past `limitMs`.
 */
function yearCalendar(
  rng: Random,
  year: number,
  limitMs: number,
  reserveDays: number,
  home: string,
): YearCalendar {
  const startMs = Date.UTC(year, 0, 1);
  const days = Math.max(1, Math.floor((limitMs - startMs) / DAY_MS) - reserveDays);
  const weights = new Float64Array(days);
  const weekend = new Uint8Array(days);
  const trips: Trip[] = [];
  const tripCount = rng.int(3);
  const tripDays: [number, number][] = [];
  for (let t = 0; t < tripCount; t++) {
    const first = rng.int(days);
    const last = Math.min(days - 1, first + rng.between(3, 13));
    tripDays.push([first, last]);
    trips.push({
      fromMs: startMs + first * DAY_MS,
      untilMs: startMs + (last + 1) * DAY_MS,
      country: rng.pick(TRIP_COUNTRIES),
    });
  }
  for (let d = 0; d < days; d++) {
    const weekday = new Date(startMs + d * DAY_MS).getUTCDay();
    weekend[d] = weekday === 0 || weekday === 6 ? 1 : 0;
    const season = 1 + 0.12 * Math.cos((2 * Math.PI * (d - 15)) / 365);
    const away = tripDays.some(([a, b]) => d >= a && d <= b) ? 0.5 : 1;
    weights[d] = WEEKDAY_WEIGHTS[weekday] * season * away * (0.6 + 0.8 * rng.float());
  }
  return {
    year,
    startMs,
    wallStartMs: startMs,
    dayCumulative: cumulate(weights),
    weekend,
    dstFromMs: lastSundayUtc(year, 2) + HOUR_MS,
    dstUntilMs: lastSundayUtc(year, 9) + HOUR_MS,
    trips,
    home,
  };
}

function sessionStartMs(rng: Random, calendar: YearCalendar): number {
  const day = rng.weighted(calendar.dayCumulative);
  const hours = calendar.weekend[day] ? WEEKEND_HOURS : WEEKDAY_HOURS;
  const wall = calendar.wallStartMs + day * DAY_MS + rng.weighted(hours) * HOUR_MS + rng.int(HOUR_MS);
  const winter = wall - HOUR_MS;
  const utc = winter >= calendar.dstFromMs && winter < calendar.dstUntilMs ? wall - 2 * HOUR_MS : winter;
  return Math.max(utc, calendar.startMs);
}

function countryAt(calendar: YearCalendar, ms: number): string {
  for (const trip of calendar.trips) if (ms >= trip.fromMs && ms < trip.untilMs) return trip.country;
  return calendar.home;
}

// ---------------------------------------------------------------------------------------------------------
// Devices: free-text platforms in the old format, short tokens in the new one.

type DeviceKind = "mobile" | "tablet" | "desktop" | "cast" | "web" | "other";

interface Device {
  kind: DeviceKind;
  token: string;
  /** `platform` in `endsong` files. */
  text: string;
  /** `user_agent_decrypted` in `endsong` files (URL-encoded). */
  userAgent: string | null;
}

interface DeviceSet {
  variants: Record<DeviceKind, Device[]>;
  mix: readonly (readonly [DeviceKind, number])[];
  homeIp: string;
}

const ANDROID_VERSIONS: Record<number, [string, number]> = {
  2009: ["1.6", 4],
  2010: ["2.2.1", 8],
  2011: ["2.3.6", 10],
  2012: ["4.0.4", 15],
  2013: ["4.2.2", 17],
  2014: ["4.4.2", 19],
  2015: ["5.1.1", 22],
  2016: ["6.0.1", 23],
};
// deno-fmt-ignore
const ANDROID_PHONES = [
  "samsung, SM-G920F", "samsung, GT-I9300", "LGE, Nexus 5", "OnePlus, ONEPLUS A3003", "HTC, HTC One",
  "motorola, XT1068",
];

function deviceSet(rng: Random, year: number, usesIos: boolean, usesMac: boolean): DeviceSet {
  const variants = {} as Record<DeviceKind, Device[]>;
  const mobile: Device[] = [];
  const desktop: Device[] = [];
  for (let v = 0; v < 3; v++) {
    if (usesIos) {
      const major = Math.max(2, year - 2007);
      const model = `iPhone${Math.max(1, Math.floor((year - 2007) * 0.9))},${1 + rng.int(3)}`;
      mobile.push({
        kind: "mobile",
        token: "ios",
        text: `iOS ${major}.${rng.int(4)}.${rng.int(3)} (${model})`,
        userAgent: "unknown",
      });
    } else {
      const [version, api] = ANDROID_VERSIONS[Math.min(2016, Math.max(2009, year))];
      mobile.push({
        kind: "mobile",
        token: "android",
        text: `Android OS ${version} API ${api} (${rng.pick(ANDROID_PHONES)})`,
        userAgent: "unknown",
      });
    }
    if (usesMac) {
      desktop.push({
        kind: "desktop",
        token: "osx",
        text: `OS X 10.${Math.max(4, Math.min(12, year - 2004))}.${rng.int(7)} [x86 8]`,
        userAgent: rng.chance(0.5) ? "unknown" : null,
      });
    } else {
      const windows = year < 2010
        ? "Windows XP (5.1.2600; x86; SP3; S)"
        : year < 2013
        ? `Windows 7 (6.1.7601; x64; SP1; S)`
        : year < 2015
        ? "Windows 8.1 (6.3.9600; x64)"
        : `Windows 10 (10.0.${rng.pick([10240, 10586, 14393])}; x64)`;
      desktop.push({
        kind: "desktop",
        token: "windows",
        text: windows,
        userAgent: rng.chance(0.5) ? "unknown" : null,
      });
    }
  }
  variants.mobile = mobile;
  // A tablet with the other mobile system, so both `ios` and `android` appear in every era.
  const [androidVersion, api] = ANDROID_VERSIONS[Math.min(2016, Math.max(2009, year))];
  variants.tablet = [
    usesIos
      ? {
        kind: "tablet",
        token: "android",
        text: `Android OS ${androidVersion} API ${api} (samsung, SM-T530)`,
        userAgent: "unknown",
      }
      : {
        kind: "tablet",
        token: "ios",
        text: `iOS ${Math.max(4, year - 2007)}.${rng.int(4)}.${rng.int(3)} (iPad${
          Math.max(1, year - 2010)
        },1)`,
        userAgent: "unknown",
      },
  ];
  variants.desktop = desktop;
  variants.cast = year >= 2014
    ? [
      { kind: "cast", token: "cast", text: "Partner google cast_tv;Chromecast;;", userAgent: "unknown" },
      {
        kind: "cast",
        token: "cast",
        text: "Partner google cast_audio;Chromecast Audio;;",
        userAgent: "unknown",
      },
    ]
    : [{ kind: "cast", token: "cast", text: "Partner sonos_zp;Sonos;ZP90;", userAgent: "unknown" }];
  const chrome = Math.max(1, (year - 2008) * 6 + rng.int(4));
  const webAgent =
    `Mozilla/5.0 (${usesMac ? "Macintosh; Intel Mac OS X 10_11_6" : "Windows NT 10.0; Win64; x64"})` +
    ` AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${chrome}.0.${2000 + rng.int(900)}.${rng.int(200)}` +
    ` Safari/537.36`;
  variants.web = [{
    kind: "web",
    token: "web_player",
    text: "WebPlayer (websocket RFC6455)",
    userAgent: encodeURIComponent(webAgent),
  }];
  variants.other = [
    { kind: "other", token: "unknown", text: "Partner bose_soundtouch;Bose;SoundTouch 10;", userAgent: null },
    { kind: "other", token: "unknown", text: "Partner ti jacinto;Jacinto 5 Automotive;;", userAgent: null },
  ];
  return {
    variants,
    mix: [
      ["mobile", 52],
      ["tablet", year >= 2011 ? 4 : 0],
      ["desktop", 26],
      ["cast", 8],
      ["web", 5],
      ["other", 5],
    ],
    // Home broadband moved to IPv6 in the late 2010s, as in Germany and the Netherlands.
    homeIp: year >= 2018 && rng.chance(0.7) ? ipv6(rng) : `203.0.113.${1 + rng.int(254)}`,
  };
}

function randomIp(rng: Random, newFormat: boolean, prefix: string): string {
  return newFormat && rng.chance(0.5) ? ipv6(rng) : `${prefix}.${1 + rng.int(254)}`;
}

/** An address in the IPv6 documentation prefix 2001:db8::/32 (IPv4 ones use the TEST-NET ranges). */
function ipv6(rng: Random): string {
  let out = "2001:db8";
  for (let i = 0; i < 6; i++) out += `:${rng.int(0x10000).toString(16)}`;
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Plays and rows

interface Play {
  startMs: number;
  endMs: number;
  ms: number;
  device: Device;
  country: string;
  ip: string;
  track: Track | null;
  episode: Episode | null;
  chapter: Chapter | null;
  /** 0 = NFC names, 1 = NFD names, 2 = artist with a stray space. */
  form: 0 | 1 | 2;
  reasonStart: string;
  reasonEnd: string;
  shuffle: boolean;
  skipped: boolean | null;
  /** `skipped` in the old format: null in almost all rows. */
  skippedOld: boolean | null;
  offline: boolean;
  /** "s" = seconds (or ms in the old format), "0" = 0, "null" = null. */
  offlineStamp: "s" | "0" | "null";
  incognito: boolean;
}

type Row = Record<string, string | number | boolean | null>;

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + "Z";
}

function toRow(p: Play, oldFormat: boolean): Row {
  const ts = isoSeconds(p.endMs);
  const t = p.track;
  const e = p.episode;
  const c = p.chapter;
  const artist = t === null ? null : t.album.artist;
  const nfd = p.form === 1;
  const trackName = t === null ? null : nfd ? t.nfd : t.name;
  const artistName = artist === null ? null : nfd ? artist.nfd : p.form === 2 ? artist.spaced : artist.name;
  const albumName = t === null ? null : nfd ? t.album.nfd : t.album.name;
  const trackUri = t === null ? null : t.uri;
  const episodeName = e === null ? null : e.name;
  const showName = e === null ? null : e.show.name;
  const episodeUri = e === null ? null : e.uri;
  if (oldFormat) {
    return {
      ts,
      username: USERNAME,
      platform: p.device.text,
      ms_played: p.ms,
      conn_country: p.country,
      ip_addr_decrypted: p.ip,
      user_agent_decrypted: p.device.userAgent,
      master_metadata_track_name: trackName,
      master_metadata_album_artist_name: artistName,
      master_metadata_album_album_name: albumName,
      spotify_track_uri: trackUri,
      episode_name: episodeName,
      episode_show_name: showName,
      spotify_episode_uri: episodeUri,
      reason_start: p.reasonStart,
      reason_end: p.reasonEnd,
      shuffle: p.shuffle,
      skipped: p.skippedOld,
      offline: p.offline,
      offline_timestamp: p.offlineStamp === "s" ? p.startMs : 0,
      incognito_mode: p.incognito,
    };
  }
  const offlineTimestamp = p.offlineStamp === "s"
    ? Math.floor(p.startMs / 1000)
    : p.offlineStamp === "0"
    ? 0
    : null;
  if (p.endMs < AUDIOBOOK_KEYS_FROM_MS) {
    return {
      ts,
      platform: p.device.token,
      ms_played: p.ms,
      conn_country: p.country,
      ip_addr: p.ip,
      master_metadata_track_name: trackName,
      master_metadata_album_artist_name: artistName,
      master_metadata_album_album_name: albumName,
      spotify_track_uri: trackUri,
      episode_name: episodeName,
      episode_show_name: showName,
      spotify_episode_uri: episodeUri,
      reason_start: p.reasonStart,
      reason_end: p.reasonEnd,
      shuffle: p.shuffle,
      skipped: p.skipped,
      offline: p.offline,
      offline_timestamp: offlineTimestamp,
      incognito_mode: p.incognito,
    };
  }
  return {
    ts,
    platform: p.device.token,
    ms_played: p.ms,
    conn_country: p.country,
    ip_addr: p.ip,
    master_metadata_track_name: trackName,
    master_metadata_album_artist_name: artistName,
    master_metadata_album_album_name: albumName,
    spotify_track_uri: trackUri,
    episode_name: episodeName,
    episode_show_name: showName,
    spotify_episode_uri: episodeUri,
    audiobook_title: c === null ? null : c.book.title,
    audiobook_uri: c === null ? null : c.book.uri,
    audiobook_chapter_uri: c === null ? null : c.uri,
    audiobook_chapter_title: c === null ? null : c.title,
    reason_start: p.reasonStart,
    reason_end: p.reasonEnd,
    shuffle: p.shuffle,
    skipped: p.skipped,
    offline: p.offline,
    offline_timestamp: offlineTimestamp,
    incognito_mode: p.incognito,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Plan: rows per year, files, and where the odd rows go (by index in time order).

type Special = "null" | "dup" | "dupCopy" | "audiobook" | "soundBath" | "longPodcast";

interface FilePlan {
  name: string;
  /** Global index of the first row, inclusive. */
  start: number;
  /** Global index after the last row. */
  end: number;
}

interface Plan {
  years: number[];
  counts: number[];
  files: FilePlan[];
  specials: Map<number, Special>;
  videoCount: number;
  videoYears: number[];
}

function yearWeights(years: readonly number[], limitMs: number): number[] {
  return years.map((year, i) => {
    const start = Date.UTC(year, 0, 1);
    const covered = Math.min(1, (Math.min(Date.UTC(year + 1, 0, 1), limitMs) - start) / (365 * DAY_MS));
    return (1 + 0.9 * i) * covered;
  });
}

/**
 * Cuts one era (rows per year in `counts`) into files of about `rowsPerFile` rows: balanced chunks, where a
 * cut near a year boundary moves to a few rows before it, as in real exports (a "2026" file that starts on
 * 2025-12-31). With `splitLastYear`, the last year always starts a file of its own when it is big enough.
 * Returns each file's first row and how many rows of the year before it starts with.
 */
function cutEra(
  counts: readonly number[],
  rowsPerFile: number,
  rng: Random,
  splitLastYear: boolean,
): { starts: number[]; leads: number[] } {
  const edges: number[] = [];
  for (let i = 0, sum = 0; i < counts.length - 1; i++) edges.push(sum += counts[i]);
  const n = edges.length === 0 ? counts[0] : edges[edges.length - 1] + counts[counts.length - 1];
  const lastEdge = edges[edges.length - 1];
  const segments = splitLastYear && lastEdge > 0 && n - lastEdge >= 0.3 * rowsPerFile
    ? [[0, lastEdge], [lastEdge, n]]
    : [[0, n]];
  const starts: number[] = [];
  const leads: number[] = [];
  const cutAt = (edge: number) => {
    const previous = starts[starts.length - 1];
    const lead = Math.min(rng.between(2, 9), Math.floor((edge - previous) / 2));
    starts.push(edge - lead);
    leads.push(lead);
  };
  for (const [from, to] of segments) {
    if (from === 0) {
      starts.push(0);
      leads.push(0);
    } else {
      cutAt(from);
    }
    const k = Math.ceil((to - from) / rowsPerFile);
    for (let j = 1; j < k; j++) {
      const ideal = from + Math.round((j * (to - from)) / k);
      const previous = starts[starts.length - 1];
      let best = -1;
      for (const edge of edges) {
        if (
          edge > previous + 1 && edge < to && Math.abs(edge - ideal) <= 0.15 * rowsPerFile &&
          (best < 0 || Math.abs(edge - ideal) < Math.abs(best - ideal))
        ) best = edge;
      }
      if (best >= 0) cutAt(best);
      else if (ideal > previous) {
        starts.push(ideal);
        leads.push(0);
      }
    }
  }
  return { starts, leads };
}

function limitOf(config: Config): number {
  return Math.min(Date.UTC(config.endYear + 1, 0, 1), EXPORT_CUTOFF_MS);
}

function plan(config: Config): Plan {
  const rng = new Random(config.seed, STREAM.plan);
  const limitMs = limitOf(config);
  const years: number[] = [];
  for (let y = config.startYear; y <= config.endYear; y++) years.push(y);

  const videoStart = Math.max(config.startYear, Math.min(FIRST_VIDEO_YEAR, config.endYear));
  const videoYears = years.filter((y) => y >= videoStart && y >= FIRST_NEW_FORMAT_YEAR);
  const videoCount = videoYears.length > 0 && config.plays >= 200
    ? Math.max(1, Math.round(config.plays * 0.006))
    : 0;
  const audioTotal = config.plays - videoCount;
  const counts = allocate(audioTotal, yearWeights(years, limitMs));
  years.forEach((year, i) => {
    const days = (Math.min(Date.UTC(year + 1, 0, 1), limitMs) - Date.UTC(year, 0, 1)) / DAY_MS - 2;
    if (counts[i] / days > MAX_PLAYS_PER_DAY) {
      throw new RangeError(
        `Cannot generate a streaming history: ${
          counts[i]
        } plays in ${year} is more than ${MAX_PLAYS_PER_DAY} ` +
          `a day; lower "plays" or widen "startYear".."endYear"`,
      );
    }
  });

  // Files: the old format up to 2016, the new one after.
  const files: FilePlan[] = [];
  let base = 0;
  let audioNumber = 0;
  for (const oldFormat of [true, false]) {
    const eraYears: number[] = [];
    const eraCounts: number[] = [];
    years.forEach((y, i) => {
      if ((y < FIRST_NEW_FORMAT_YEAR) === oldFormat) {
        eraYears.push(y);
        eraCounts.push(counts[i]);
      }
    });
    const n = eraCounts.reduce((a, b) => a + b, 0);
    if (n === 0) continue;
    const yearOf = (index: number) => {
      for (let i = 0, sum = 0; i < eraCounts.length; i++) {
        if (index < (sum += eraCounts[i])) return eraYears[i];
      }
      return eraYears[eraYears.length - 1];
    };
    const { starts, leads } = cutEra(eraCounts, config.rowsPerFile, rng, !oldFormat);
    starts.forEach((start, j) => {
      const end = starts[j + 1] ?? n;
      const first = yearOf(Math.min(start + leads[j], end - 1));
      const last = yearOf(end - 1);
      const span = first === last ? `${first}` : `${first}-${last}`;
      const name = oldFormat ? `endsong_${j}.json` : `Streaming_History_Audio_${span}_${audioNumber++}.json`;
      files.push({ name: FOLDER + name, start: base + start, end: base + end });
    });
    base += n;
  }

  // Odd rows, at random positions decided up front so that every size and seed has them.
  const specials = new Map<number, Special>();
  const fileStarts = new Set(files.map((f) => f.start));
  const yearStart = (year: number) => {
    let sum = 0;
    for (let i = 0; i < years.length && years[i] < year; i++) sum += counts[i];
    return sum;
  };
  const place = (kind: Special, count: number, lo: number, hi: number) => {
    for (let placed = 0, tries = 0; placed < count && tries < count * 50 && hi > lo; tries++) {
      const i = lo + rng.int(hi - lo);
      // Odd rows never touch, so two of them can never be byte-identical neighbours.
      if (specials.has(i - 1) || specials.has(i) || specials.has(i + 1)) continue;
      specials.set(i, kind);
      placed++;
    }
  };
  if (audioTotal >= 500) {
    const pairs = Math.max(1, Math.round(audioTotal * 0.001));
    for (let placed = 0, tries = 0; placed < pairs && tries < pairs * 50; tries++) {
      const i = rng.int(audioTotal - 1);
      if (specials.has(i) || specials.has(i + 1) || fileStarts.has(i + 1)) continue;
      specials.set(i, "dup");
      specials.set(i + 1, "dupCopy");
      placed++;
    }
  }
  if (audioTotal >= 200) {
    place("null", Math.min(12, Math.max(2, Math.round(audioTotal / 20_000))), 0, audioTotal);
  }
  const audiobookFrom = yearStart(2025);
  const audiobookRows = audioTotal - audiobookFrom;
  if (audiobookRows >= 50) {
    place("audiobook", Math.max(2, Math.round(audiobookRows * 0.002)), audiobookFrom, audioTotal);
  }
  if (audioTotal >= 1_000) {
    place("soundBath", 1 + Math.floor(audioTotal / 150_000), 0, audioTotal);
    const podcastFrom = yearStart(FIRST_PODCAST_YEAR);
    place("longPodcast", 1, podcastFrom, audioTotal);
  }
  return { years, counts, files, specials, videoCount, videoYears };
}

// ---------------------------------------------------------------------------------------------------------
// Timeline

interface Listener {
  config: Config;
  catalogue: Catalogue;
  /** Cumulative artist weights per year. */
  artistCumulative: Map<number, Float64Array>;
  showCumulative: Float64Array;
  usesIos: (year: number) => boolean;
  usesMac: (year: number) => boolean;
  homeOf: (year: number) => string;
}

function listenerOf(config: Config, catalogue: Catalogue): Listener {
  const rng = new Random(config.seed, STREAM.listener);
  const span = config.endYear - config.startYear + 1;
  const phoneSwitch = config.startYear + rng.int(span + 1);
  const macFrom = config.startYear + Math.floor(span * (0.3 + 0.6 * rng.float()));
  const moveYear = span >= 4 ? config.startYear + Math.floor(span * 0.6) : Infinity;
  const firstIos = rng.chance(0.5);
  const artistCumulative = new Map<number, Float64Array>();
  for (let year = config.startYear; year <= config.endYear; year++) {
    artistCumulative.set(
      year,
      cumulate(catalogue.artists.map((a) => {
        if (year < a.from) return a.weight * 0.02;
        if (year >= a.until) return a.weight * 0.25;
        return a.weight;
      })),
    );
  }
  return {
    config,
    catalogue,
    artistCumulative,
    showCumulative: cumulate(catalogue.shows.map((s) => s.weight)),
    usesIos: (year) => (year < phoneSwitch) === firstIos,
    usesMac: (year) => year >= macFrom,
    homeOf: (year) => year < moveYear ? "DE" : "NL",
  };
}

/** Next `reason_start` after a play that ended with `reasonEnd`. */
function reasonAfter(rng: Random, reasonEnd: string): string {
  if (rng.chance(0.006)) return rng.chance(0.7) ? "unknown" : "";
  switch (reasonEnd) {
    case "trackdone":
      return "trackdone";
    case "fwdbtn":
      return "fwdbtn";
    case "backbtn":
      return "backbtn";
    case "remote":
      return "remote";
    case "trackerror":
      return rng.chance(0.5) ? "trackerror" : "trackdone";
    default:
      return rng.chance(0.6) ? "clickrow" : "playbtn";
  }
}

function sessionOpening(rng: Random): string {
  return rng.choose([
    ["clickrow", 40],
    ["appload", 28],
    ["playbtn", 16],
    ["remote", 10],
    ["unknown", 4],
    ["", 2],
  ]);
}

interface Session {
  calendar: YearCalendar;
  device: Device;
  ip: string;
  offline: boolean;
  incognito: boolean;
  shuffle: boolean;
  album: Album | null;
  albumPosition: number;
  lastArtist: Artist | null;
  lastTrack: Track | null;
  reasonStart: string;
  newFormat: boolean;
  country: string;
}

function openSession(
  rng: Random,
  devices: DeviceSet,
  calendar: YearCalendar,
  startMs: number,
  newFormat: boolean,
  podcast: boolean,
): Session {
  const kind = podcast && rng.chance(0.7) ? "mobile" : rng.choose(devices.mix);
  const device = rng.pick(devices.variants[kind]);
  const country = countryAt(calendar, startMs);
  const away = country !== calendar.home;
  const ip = away
    ? randomIp(rng, newFormat, "192.0.2")
    : kind === "mobile" && rng.chance(0.5)
    ? randomIp(rng, newFormat, "198.51.100")
    : devices.homeIp;
  const shuffle = !podcast && rng.chance(0.62);
  return {
    calendar,
    device,
    ip,
    offline: kind === "mobile" && rng.chance(away ? 0.3 : 0.07),
    incognito: rng.chance(0.004),
    shuffle,
    album: null,
    albumPosition: 0,
    lastArtist: null,
    lastTrack: null,
    reasonStart: sessionOpening(rng),
    newFormat,
    country,
  };
}

/** The session's next track, never the one just played (real exports hold no byte-identical rows). */
function nextTrack(rng: Random, listener: Listener, session: Session, year: number): Track {
  let track = pickTrack(rng, listener, session, year);
  for (let retry = 0; track === session.lastTrack && retry < 8; retry++) {
    track = pickTrack(rng, listener, session, year);
  }
  session.lastTrack = track;
  return track;
}

function pickTrack(rng: Random, listener: Listener, session: Session, year: number): Track {
  if (!session.shuffle) {
    if (session.album === null || session.albumPosition >= session.album.tracks.length) {
      const artist = listener.catalogue.artists[rng.weighted(listener.artistCumulative.get(year)!)];
      session.album = rng.pick(artist.albums);
      session.albumPosition = session.album.tracks.length > 3 && rng.chance(0.3)
        ? rng.int(session.album.tracks.length)
        : 0;
    }
    return session.album.tracks[session.albumPosition++];
  }
  const artist = session.lastArtist !== null && rng.chance(0.2)
    ? session.lastArtist
    : listener.catalogue.artists[rng.weighted(listener.artistCumulative.get(year)!)];
  session.lastArtist = artist;
  return artist.tracks[rng.weighted(artist.trackCumulative)];
}

function nameForm(rng: Random, artist: Artist): 0 | 1 | 2 {
  if (artist.nfdRate === 0 && artist.spacedRate === 0) return 0;
  const r = rng.float();
  if (r < artist.nfdRate) return 1;
  if (r < artist.nfdRate + artist.spacedRate) return 2;
  return 0;
}

/** Fills in the common fields of a play in `session`; the caller sets content and timing. */
function basePlay(rng: Random, session: Session): Play {
  return {
    startMs: 0,
    endMs: 0,
    ms: 0,
    device: session.device,
    country: rng.chance(0.0015) ? "ZZ" : session.country,
    ip: session.ip,
    track: null,
    episode: null,
    chapter: null,
    form: 0,
    reasonStart: session.reasonStart,
    reasonEnd: "trackdone",
    shuffle: session.shuffle,
    skipped: false,
    skippedOld: null,
    offline: session.offline,
    offlineStamp: session.offline
      ? "s"
      : session.newFormat
      ? rng.choose([["s", 80], ["null", 12], ["0", 8]] as const)
      : "0",
    incognito: session.incognito,
  };
}

function musicOutcome(rng: Random, play: Play, durationMs: number, last: boolean): void {
  const r = rng.float();
  if (r < 0.3) {
    play.ms = rng.chance(0.09) ? 0 : rng.chance(0.4) ? rng.between(100, 2_999) : rng.between(3_000, 29_999);
    play.reasonEnd = rng.choose([
      ["fwdbtn", 78],
      ["backbtn", 10],
      ["endplay", 5],
      ["trackerror", 2],
      ["unknown", 3],
      ["logout", 1],
      ["", 1],
    ]);
  } else if (r < 0.38) {
    play.ms = rng.between(30_000, Math.max(30_000, durationMs - 1_000));
    play.reasonEnd = rng.choose([
      ["endplay", 45],
      ["fwdbtn", 25],
      ["logout", 8],
      ["remote", 7],
      ["unknown", 7],
      ["unexpected-exit-while-paused", 5],
      ["backbtn", 3],
    ]);
  } else {
    play.ms = durationMs - rng.int(250);
    play.reasonEnd = last && rng.chance(0.3) ? "endplay" : "trackdone";
  }
  play.skipped = play.reasonEnd === "fwdbtn" || play.reasonEnd === "backbtn";
  play.skippedOld = rng.chance(0.005) ? play.skipped : null;
}

function podcastOutcome(rng: Random, play: Play, durationMs: number): void {
  if (rng.chance(0.5)) {
    play.ms = durationMs - rng.int(2_000);
    play.reasonEnd = "trackdone";
  } else {
    play.ms = rng.between(20_000, durationMs);
    play.reasonEnd = rng.choose([
      ["endplay", 60],
      ["logout", 10],
      ["fwdbtn", 10],
      ["unknown", 10],
      ["remote", 10],
    ]);
  }
  play.shuffle = false;
  play.skipped = false;
}

function latestEpisode(rng: Random, listener: Listener, atMs: number, video: boolean): Episode | null {
  const { shows } = listener.catalogue;
  for (let attempt = 0; attempt < 6; attempt++) {
    const show = video
      ? rng.pick(shows.filter((s) => s.video))
      : shows[rng.weighted(listener.showCumulative)];
    if (show.firstMs > atMs) continue;
    const latest = 1 + Math.floor((atMs - show.firstMs) / (show.cadenceDays * DAY_MS));
    const back = rng.chance(0.6) ? 0 : Math.floor(-Math.log(1 - rng.float()) * 6);
    return episodeOf(listener.config.seed, show, Math.max(1, latest - back));
  }
  return null;
}

/** Yields every audio row in time order (by the year it was generated in), `counts[i]` rows per year. */
function* audioRows(listener: Listener, layout: Plan): Generator<Row> {
  const { config, catalogue } = listener;
  const rng = new Random(config.seed, STREAM.timeline);
  const limitMs = limitOf(config);
  const bookChapter = catalogue.books.map(() => 1);
  let clock = 0;
  let index = 0;
  let pendingCopy: Row | null = null;
  let soundBaths = 0;
  let longPodcasts = 0;

  for (const [i, year] of layout.years.entries()) {
    const count = layout.counts[i];
    const newFormat = year >= FIRST_NEW_FORMAT_YEAR;
    // Leave the last days empty before an era change and at the end, so no row crosses either.
    const reserve = year === layout.years[layout.years.length - 1] || year === FIRST_NEW_FORMAT_YEAR - 1
      ? 2
      : 0;
    const calendar = yearCalendar(
      rng,
      year,
      Math.min(Date.UTC(year + 1, 0, 1), limitMs),
      reserve,
      listener.homeOf(year),
    );
    const devices = deviceSet(rng, year, listener.usesIos(year), listener.usesMac(year));
    if (count === 0) continue;
    const podcastShare = year < FIRST_PODCAST_YEAR ? 0 : year < 2018 ? 0.1 : 0.18;
    const lengths: number[] = [];
    const podcasts: boolean[] = [];
    for (let sum = 0; sum < count;) {
      const podcast = rng.chance(podcastShare);
      const length = Math.min(
        count - sum,
        podcast ? rng.between(1, 2) : Math.min(80, 1 + Math.floor(-Math.log(1 - rng.float()) * 9)),
      );
      lengths.push(length);
      podcasts.push(podcast);
      sum += length;
    }
    const starts = Float64Array.from(lengths, () => sessionStartMs(rng, calendar)).sort();

    for (let s = 0; s < lengths.length; s++) {
      let startMs = starts[s];
      if (startMs < clock) startMs = clock + rng.between(30_000, 20 * MINUTE_MS);
      clock = startMs;
      const podcastSession = podcasts[s];
      const session = openSession(rng, devices, calendar, startMs, newFormat, podcastSession);
      for (let k = 0; k < lengths[s]; k++, index++) {
        if (pendingCopy !== null) {
          yield pendingCopy;
          pendingCopy = null;
          continue;
        }
        const play = basePlay(rng, session);
        const special = layout.specials.get(index);
        const last = k === lengths[s] - 1;
        if (special === "null") {
          play.ms = rng.chance(0.5) ? 0 : rng.between(1, 40_000);
          play.reasonEnd = rng.choose([["unknown", 3], ["trackerror", 2], ["endplay", 1]]);
          play.skipped = null;
        } else if (special === "dup") {
          play.track = nextTrack(rng, listener, session, year);
          play.ms = rng.between(120, 2_000);
          play.reasonEnd = rng.choose([["fwdbtn", 3], ["trackerror", 1], ["endplay", 1]]);
          play.skipped = play.reasonEnd === "fwdbtn";
          play.form = nameForm(rng, play.track.album.artist);
        } else if (special === "audiobook") {
          const b = rng.int(catalogue.books.length);
          const book = catalogue.books[b];
          play.chapter = chapterOf(config.seed, book, bookChapter[b]);
          bookChapter[b] = bookChapter[b] % book.chapters + 1;
          play.ms = rng.between(2 * MINUTE_MS, 35 * MINUTE_MS);
          play.reasonEnd = rng.choose([["endplay", 2], ["trackdone", 2], ["logout", 1]]);
          play.shuffle = false;
        } else if (special === "soundBath") {
          play.track = catalogue.soundBath;
          play.ms = soundBaths++ === 0 ? SOUND_BATH_MS : rng.between(20 * MINUTE_MS, SOUND_BATH_MS - HOUR_MS);
          play.reasonEnd = play.ms === SOUND_BATH_MS ? "trackdone" : "endplay";
        } else if (special === "longPodcast" || (podcastSession && special === undefined)) {
          const episode = special === "longPodcast"
            ? episodeOf(config.seed, catalogue.shows[LONG_SHOW], 1 + rng.int(12))
            : latestEpisode(rng, listener, startMs, false);
          if (episode === null) {
            play.track = nextTrack(rng, listener, session, year);
            musicOutcome(rng, play, play.track.durationMs, last);
          } else {
            play.episode = episode;
            if (special === "longPodcast" && longPodcasts++ === 0) {
              play.ms = LONG_PODCAST_MS;
              play.reasonEnd = "endplay";
              play.shuffle = false;
            } else {
              podcastOutcome(rng, play, episode.durationMs);
            }
          }
        } else {
          play.track = nextTrack(rng, listener, session, year);
          musicOutcome(rng, play, play.track.durationMs, last);
          play.form = nameForm(rng, play.track.album.artist);
        }

        play.startMs = clock + (play.reasonStart === "trackdone" ? rng.int(400) : rng.int(2_500));
        let endMs = play.startMs + play.ms;
        if (endMs >= limitMs) endMs = limitMs - 1_000 - rng.int(60_000); // only when a year is packed full
        play.endMs = endMs;
        clock = Math.max(clock, endMs);
        session.reasonStart = reasonAfter(rng, play.reasonEnd);

        const row = toRow(play, !newFormat);
        if (special === "dup") {
          const copy = { ...row };
          copy.ms_played = rng.chance(0.6) ? 0 : rng.between(1, Math.max(1, Math.floor(play.ms / 10)));
          copy.reason_end = rng.chance(0.5) ? play.reasonEnd : "endplay";
          pendingCopy = copy;
        }
        yield row;
      }
    }
  }
  if (pendingCopy !== null) yield pendingCopy;
}

/** The video file's rows: video-podcast episodes and music videos, in their own timeline. */
function videoRows(listener: Listener, layout: Plan): Row[] {
  const { config } = listener;
  const rng = new Random(config.seed, STREAM.video);
  const limitMs = limitOf(config);
  const counts = allocate(layout.videoCount, yearWeights(layout.videoYears, limitMs));
  const rows: Row[] = [];
  let clock = 0;
  for (const [i, year] of layout.videoYears.entries()) {
    const last = i === layout.videoYears.length - 1;
    const calendar = yearCalendar(
      rng,
      year,
      Math.min(Date.UTC(year + 1, 0, 1), limitMs),
      last ? 2 : 0,
      listener.homeOf(year),
    );
    const devices = deviceSet(rng, year, listener.usesIos(year), listener.usesMac(year));
    const lengths: number[] = [];
    for (let sum = 0; sum < counts[i];) {
      const length = Math.min(counts[i] - sum, rng.between(1, 4));
      lengths.push(length);
      sum += length;
    }
    const starts = Float64Array.from(lengths, () => sessionStartMs(rng, calendar)).sort();
    for (let s = 0; s < lengths.length; s++) {
      const startMs = Math.max(starts[s], clock + rng.between(30_000, 10 * MINUTE_MS));
      clock = startMs;
      const podcast = rng.chance(0.6);
      const session = openSession(rng, devices, calendar, startMs, true, podcast);
      for (let k = 0; k < lengths[s]; k++) {
        const play = basePlay(rng, session);
        const episode = podcast ? latestEpisode(rng, listener, startMs, true) : null;
        if (episode !== null) {
          play.episode = episode;
          podcastOutcome(rng, play, episode.durationMs);
        } else {
          play.track = nextTrack(rng, listener, session, year);
          musicOutcome(rng, play, play.track.durationMs, k === lengths[s] - 1);
        }
        play.startMs = clock + rng.int(2_500);
        play.endMs = Math.min(play.startMs + play.ms, limitMs - 1_000);
        clock = Math.max(clock, play.endMs);
        session.reasonStart = reasonAfter(rng, play.reasonEnd);
        rows.push(toRow(play, false));
      }
    }
  }
  return rows;
}

/** Real files are mostly but not strictly sorted: swap about 2 % of rows with a near neighbour. */
function jostle(rows: Row[], rng: Random): void {
  if (rows.length < 2) return;
  const swaps = 1 + Math.round(rows.length * 0.02);
  for (let s = 0; s < swaps; s++) {
    const i = rng.int(rows.length - 1);
    const j = Math.min(rows.length - 1, i + rng.between(1, 40));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
}

function yearSpan(rows: readonly Row[]): string {
  let first = Infinity, last = -Infinity;
  for (const row of rows) {
    const year = Number((row.ts as string).slice(0, 4));
    first = Math.min(first, year);
    last = Math.max(last, year);
  }
  return first === last ? `${first}` : `${first}-${last}`;
}

function* generateFiles(config: Config, layout: Plan): Generator<GeneratedFile> {
  if (config.plays === 0) return;
  const catalogue = buildCatalogue(config.seed);
  const listener = listenerOf(config, catalogue);
  const rows = audioRows(listener, layout);
  for (const [number, file] of layout.files.entries()) {
    const batch: Row[] = new Array(file.end - file.start);
    for (let i = 0; i < batch.length; i++) {
      const next = rows.next();
      if (next.done) throw new Error(`Generator ran out of rows at row ${file.start + i} of ${file.name}`);
      batch[i] = next.value;
    }
    jostle(batch, new Random(config.seed, STREAM.jostle + number));
    yield { name: file.name, json: JSON.stringify(batch, null, 2) };
  }
  if (layout.videoCount > 0) {
    const batch = videoRows(listener, layout);
    jostle(batch, new Random(config.seed, STREAM.jostle + layout.files.length));
    yield {
      name: `${FOLDER}Streaming_History_Video_${yearSpan(batch)}.json`,
      json: JSON.stringify(batch, null, 2),
    };
  }
}
