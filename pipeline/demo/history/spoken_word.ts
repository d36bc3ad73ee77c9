/**
 * Spoken word: the podcast shows and their episodes, the audiobooks and their chapters. Episodes and chapters
 * are drawn on demand from their own streams, so an episode is the same whenever and wherever it is played.
 */
import { ADJECTIVES, englishTitle, NOUNS, plural } from "./names.ts";
import { Random, STREAM } from "./random.ts";
import { MINUTE_MS } from "./time.ts";

/** Index in SHOWS of the show with the 7,131,895 ms episode. */
export const LONG_SHOW = 7;

export interface Show {
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

export interface Episode {
  name: string;
  show: Show;
  uri: string;
  durationMs: number;
}

export interface Book {
  title: string;
  uri: string;
  index: number;
  chapters: number;
  chapterLabel: string;
}

export interface Chapter {
  book: Book;
  title: string;
  uri: string;
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

/** The shows, each with the date of its first episode. Draws from the catalogue's stream. */
export function buildShows(rng: Random): Show[] {
  return SHOWS.map((spec, index) => ({
    ...spec,
    index,
    firstMs: Date.UTC(spec.firstYear, rng.int(12), 1 + rng.int(28)),
  }));
}

/** The audiobooks, each with its URI. Draws from the catalogue's stream. */
export function buildBooks(rng: Random): Book[] {
  return BOOKS.map((spec, index) => ({
    ...spec,
    index,
    uri: `spotify:audiobook:${rng.base62(22)}`,
  }));
}

/** Which episode or chapter to draw. */
export interface NumberOptions {
  /** The generator's seed. */
  seed: number;
  /** The episode or chapter number, from 1. */
  n: number;
}

/** Episode `n` of `show`: the same for a seed wherever in the timeline it is played. */
export function episodeOf(show: Show, { seed, n }: NumberOptions): Episode {
  const rng = new Random(seed, STREAM.episode + show.index * 0x10000 + (n & 0xffff));
  const title = rng.chance(0.5) ? `${rng.pick(ADJECTIVES)} ${plural(rng.pick(NOUNS))}` : englishTitle(rng);
  return {
    name: show.label(n, title),
    show,
    uri: `spotify:episode:${rng.base62(22)}`,
    durationMs: rng.between(show.minMinutes * MINUTE_MS, show.maxMinutes * MINUTE_MS),
  };
}

/** Chapter `n` of `book`: the same for a seed wherever in the timeline it is played. */
export function chapterOf(book: Book, { seed, n }: NumberOptions): Chapter {
  const rng = new Random(seed, STREAM.chapter + book.index * 0x1000 + n);
  return { book, title: `${book.chapterLabel} ${n}`, uri: `spotify:episode:${rng.base62(22)}` };
}
