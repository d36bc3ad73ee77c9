/**
 * The plan made before any row is generated: rows per year, the files and their names, and where the odd rows
 * go (by index in time order). Deciding these up front lets the files stream one at a time.
 */
import { allocate, Random, STREAM } from "./random.ts";
import { DAY_MS, FIRST_NEW_FORMAT_YEAR, FIRST_PODCAST_YEAR, FIRST_VIDEO_YEAR } from "./time.ts";

export const FOLDER = "Spotify Extended Streaming History/";
/** About 8 hours of music a day: denser years could not keep plays from overlapping. */
const MAX_PLAYS_PER_DAY = 200;

/** The options of `generateExtendedHistory()`, defaults filled in and values checked (see mod.ts). */
export interface Config {
  plays: number;
  seed: number;
  startYear: number;
  endYear: number;
  rowsPerFile: number;
  /** No play ends on or after this (midnight UTC of the export's date). */
  cutoffMs: number;
}

export type Special = "null" | "dup" | "dupCopy" | "audiobook" | "soundBath" | "longPodcast";

export interface FilePlan {
  name: string;
  /** Global index of the first row, inclusive. */
  start: number;
  /** Global index after the last row. */
  end: number;
}

export interface Plan {
  years: number[];
  counts: number[];
  files: FilePlan[];
  specials: Map<number, Special>;
  videoCount: number;
  videoYears: number[];
}

/** Each year's share of the plays: listening grows over the years; a year cut short counts less. */
export function yearWeights(years: readonly number[], limitMs: number): number[] {
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

/** No play ends on or after this: the year after `endYear`, or the export's date if earlier. */
export function limitOf(config: Config): number {
  return Math.min(Date.UTC(config.endYear + 1, 0, 1), config.cutoffMs);
}

/** Makes the plan; throws a RangeError when a year would need more than 200 plays a day. */
export function plan(config: Config): Plan {
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
