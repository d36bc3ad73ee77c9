/**
 * Invented names: word pools in many scripts, and the artist names and titles built from them. Every literal
 * is NFC; NFD spellings are derived with String.prototype.normalize.
 */
import type { Random } from "./random.ts";

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
export const ADJECTIVES = [
  "Midnight", "Paper", "Golden", "Hollow", "Static", "Velvet", "Neon", "Silver", "Wild", "Quiet",
  "Northern", "Glass", "Electric", "Broken", "Distant", "Lucky", "Crystal", "Honey", "Secret", "Lonely",
  "Burning", "Blue", "Little", "Endless", "Young", "Sleepless", "Slow", "Bright",
];
// deno-fmt-ignore
export const NOUNS = [
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

/** The writing system of an artist's names and titles. */
export type Script =
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
export const TOP_SCRIPTS: readonly Script[] = [
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
/** How often each script is drawn for the other artists. */
export const SCRIPT_WEIGHTS: readonly (readonly [Script, number])[] = [
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

/** An artist name in `script` (not yet NFC-normalised or checked for repeats). */
export function artistNameFor(rng: Random, script: Script): string {
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

/** English plural of a noun from the pools (enough rules for these words, not for English). */
export function plural(noun: string): string {
  if (/(s|sh|ch|x|o)$/.test(noun)) return `${noun}es`;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

/** An English song-like title, some with curly quotes and apostrophes as in real metadata. */
export function englishTitle(rng: Random): string {
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

/** A title in the artist's script, or in English (always for Latin and emoji artists). */
export function titleFor(rng: Random, script: Script): string {
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
