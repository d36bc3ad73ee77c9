/**
 * The timeline: walks the planned years in time order, opens sessions on the calendar and turns them into
 * rows, with how each play ends and the odd rows of the plan. Yields the audio rows one at a time and builds
 * the video file's rows in a timeline of their own.
 */
import { type Artist, SOUND_BATH_MS } from "./catalogue.ts";
import { sessionStartMs, yearCalendar } from "./calendar.ts";
import { deviceSet } from "./devices.ts";
import { latestEpisode, type Listener, nextTrack, openSession, type Session } from "./listening.ts";
import { limitOf, type Plan, yearWeights } from "./plan.ts";
import { allocate, Random, STREAM } from "./random.ts";
import { type Play, type Row, toRow } from "./rows.ts";
import { chapterOf, episodeOf, LONG_SHOW } from "./spoken_word.ts";
import { FIRST_NEW_FORMAT_YEAR, FIRST_PODCAST_YEAR, HOUR_MS, MINUTE_MS } from "./time.ts";

/** `ms_played` of the first long-podcast row, almost two hours; the tests look for this exact value. */
const LONG_PODCAST_MS = 7_131_895;

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

/** How a row spells the artist (see `Play.form`), at the artist's own NFD and stray-space rates. */
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

/** How a music play ends: skipped within 30 s, stopped partway, or played to the end. */
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

/** How an episode ends: played through or stopped partway; never shuffled, never skipped. */
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

/** Yields every audio row in time order (by the year it was generated in), `counts[i]` rows per year. */
export function* audioRows(listener: Listener, layout: Plan): Generator<Row> {
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
    const calendar = yearCalendar(rng, {
      year,
      limitMs: Math.min(Date.UTC(year + 1, 0, 1), limitMs),
      reserveDays: reserve,
      home: listener.homeOf(year),
    });
    const devices = deviceSet(rng, {
      year,
      usesIos: listener.usesIos(year),
      usesMac: listener.usesMac(year),
    });
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
      const session = openSession(rng, { devices, calendar, startMs, newFormat, podcast: podcastSession });
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
          play.track = nextTrack(rng, { listener, session, year });
          play.ms = rng.between(120, 2_000);
          play.reasonEnd = rng.choose([["fwdbtn", 3], ["trackerror", 1], ["endplay", 1]]);
          play.skipped = play.reasonEnd === "fwdbtn";
          play.form = nameForm(rng, play.track.album.artist);
        } else if (special === "audiobook") {
          const b = rng.int(catalogue.books.length);
          const book = catalogue.books[b];
          play.chapter = chapterOf(book, { seed: config.seed, n: bookChapter[b] });
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
            ? episodeOf(catalogue.shows[LONG_SHOW], { seed: config.seed, n: 1 + rng.int(12) })
            : latestEpisode(rng, { listener, atMs: startMs, video: false });
          if (episode === null) {
            play.track = nextTrack(rng, { listener, session, year });
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
          play.track = nextTrack(rng, { listener, session, year });
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
export function videoRows(listener: Listener, layout: Plan): Row[] {
  const { config } = listener;
  const rng = new Random(config.seed, STREAM.video);
  const limitMs = limitOf(config);
  const counts = allocate(layout.videoCount, yearWeights(layout.videoYears, limitMs));
  const rows: Row[] = [];
  let clock = 0;
  for (const [i, year] of layout.videoYears.entries()) {
    const last = i === layout.videoYears.length - 1;
    const calendar = yearCalendar(rng, {
      year,
      limitMs: Math.min(Date.UTC(year + 1, 0, 1), limitMs),
      reserveDays: last ? 2 : 0,
      home: listener.homeOf(year),
    });
    const devices = deviceSet(rng, {
      year,
      usesIos: listener.usesIos(year),
      usesMac: listener.usesMac(year),
    });
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
      const session = openSession(rng, { devices, calendar, startMs, newFormat: true, podcast });
      for (let k = 0; k < lengths[s]; k++) {
        const play = basePlay(rng, session);
        const episode = podcast ? latestEpisode(rng, { listener, atMs: startMs, video: true }) : null;
        if (episode !== null) {
          play.episode = episode;
          podcastOutcome(rng, play, episode.durationMs);
        } else {
          play.track = nextTrack(rng, { listener, session, year });
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
