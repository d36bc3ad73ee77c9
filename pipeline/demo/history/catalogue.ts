/**
 * The catalogue the listener plays from: artists (names in many scripts, popularity, active years), their
 * albums and tracks, the 3.5-hour sound bath, and the shows and audiobooks of spoken_word.ts. It depends only
 * on the seed, so two sizes with one seed share it.
 */
import { artistNameFor, NOUNS, type Script, SCRIPT_WEIGHTS, titleFor, TOP_SCRIPTS } from "./names.ts";
import { cumulate, Random, STREAM } from "./random.ts";
import { type Book, buildBooks, buildShows, type Show } from "./spoken_word.ts";
import { LAST_YEAR, MINUTE_MS } from "./time.ts";

const ARTIST_COUNT = 320;
const ARTIST_ZIPF_EXPONENT = 0.72;
/** The sound bath's length, 3.5 hours; its first play runs the whole way (the tests look for it). */
export const SOUND_BATH_MS = 12_665_880;

export interface Artist {
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

export interface Album {
  name: string;
  nfd: string;
  artist: Artist;
  tracks: Track[];
}

export interface Track {
  name: string;
  nfd: string;
  uri: string;
  durationMs: number;
  album: Album;
}

export interface Catalogue {
  artists: Artist[];
  soundBath: Track;
  shows: Show[];
  books: Book[];
}

/** The whole catalogue of a seed, drawn from the catalogue's stream alone. */
export function buildCatalogue(seed: number): Catalogue {
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

  const shows = buildShows(rng);
  const books = buildBooks(rng);
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
