/**
 * A play, and the JSON row it becomes: the old `endsong` key set, the new one, and the new one with the
 * audiobook keys. Keys come out in the order written here, which is part of the pinned output.
 */
import type { Track } from "./catalogue.ts";
import type { Device } from "./devices.ts";
import type { Chapter, Episode } from "./spoken_word.ts";
import { AUDIOBOOK_KEYS_FROM_MS } from "./time.ts";

const USERNAME = "demo-listener";

/** One play before it is written: what played, where, how long, and how it started and ended. */
export interface Play {
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

/** One row of a file, keys in output order. */
export type Row = Record<string, string | number | boolean | null>;

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + "Z";
}

/** The row of `p` in the old (`endsong`) or the new key set; the new one has audiobook keys from 2021. */
export function toRow(p: Play, oldFormat: boolean): Row {
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
