/**
 * The listener and their sessions: which phone and computer they use, where home is, whom they like in each
 * year; and within a session, the device, the address, and which track or episode comes next.
 */
import type { Album, Artist, Catalogue, Track } from "./catalogue.ts";
import { countryAt, type YearCalendar } from "./calendar.ts";
import { type Device, type DeviceSet, randomIp } from "./devices.ts";
import type { Config } from "./plan.ts";
import { cumulate, Random, STREAM } from "./random.ts";
import { type Episode, episodeOf } from "./spoken_word.ts";
import { DAY_MS } from "./time.ts";

/** The one person whose history this is: their catalogue, taste per year and life events. */
export interface Listener {
  config: Config;
  catalogue: Catalogue;
  /** Cumulative artist weights per year. */
  artistCumulative: Map<number, Float64Array>;
  showCumulative: Float64Array;
  usesIos: (year: number) => boolean;
  usesMac: (year: number) => boolean;
  homeOf: (year: number) => string;
}

/** Decides when the listener switches phone, gets a Mac and moves house, and whom they like each year. */
export function listenerOf(config: Config, catalogue: Catalogue): Listener {
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

/** One sitting of listening on one device, and where it has got to. */
export interface Session {
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

/** Options of {@linkcode openSession}. */
export interface SessionOptions {
  /** The year's devices. */
  devices: DeviceSet;
  calendar: YearCalendar;
  startMs: number;
  /** Rows in the new format (2017 on), where addresses may be IPv6. */
  newFormat: boolean;
  /** A podcast session: mostly on the phone, never shuffled. */
  podcast: boolean;
}

/** Starts a session: its device, country, address, shuffle and offline state, and how it was started. */
export function openSession(
  rng: Random,
  { devices, calendar, startMs, newFormat, podcast }: SessionOptions,
): Session {
  const kind = podcast && rng.chance(0.7) ? "mobile" : rng.choose(devices.mix);
  const device = rng.pick(devices.variants[kind]);
  const country = countryAt(calendar, startMs);
  const away = country !== calendar.home;
  const ip = away
    ? randomIp(rng, { newFormat, prefix: "192.0.2" })
    : kind === "mobile" && rng.chance(0.5)
    ? randomIp(rng, { newFormat, prefix: "198.51.100" })
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
export function nextTrack(
  rng: Random,
  { listener, session, year }: { listener: Listener; session: Session; year: number },
): Track {
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

/** Options of {@linkcode latestEpisode}. */
export interface EpisodeOptions {
  listener: Listener;
  /** When the episode is played: only episodes out by then count. */
  atMs: number;
  /** Only shows with video (for the video file). */
  video: boolean;
}

/**
 * An episode of a show the listener follows: mostly the latest one out at `atMs`, sometimes an older one;
 * null when six tries found no show that had started by then.
 */
export function latestEpisode(rng: Random, { listener, atMs, video }: EpisodeOptions): Episode | null {
  const { shows } = listener.catalogue;
  for (let attempt = 0; attempt < 6; attempt++) {
    const show = video
      ? rng.pick(shows.filter((s) => s.video))
      : shows[rng.weighted(listener.showCumulative)];
    if (show.firstMs > atMs) continue;
    const latest = 1 + Math.floor((atMs - show.firstMs) / (show.cadenceDays * DAY_MS));
    const back = rng.chance(0.6) ? 0 : Math.floor(-Math.log(1 - rng.float()) * 6);
    return episodeOf(show, { seed: listener.config.seed, n: Math.max(1, latest - back) });
  }
  return null;
}
