/**
 * Tells what a file is from its first bytes, never from its name: Spotify exports get renamed, and the old
 * mixed `StreamingHistoryN.json` and the new `StreamingHistory_music_N.json` differ only in name.
 */

export type PlayFormat =
  | "extended"
  | "account_music"
  | "account_podcast"
  | "account_audiobook"
  | "lastfm"
  | "listenbrainz";

/** The header of Last.fm's common scrobble export (lastfm-to-csv and similar tools write this exact line). */
export const LASTFM_HEADER = "uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid";

export type Sniffed =
  | { kind: "plays"; format: PlayFormat }
  /** A JSON array with no rows: nothing to import, nothing wrong. */
  | { kind: "empty" }
  /** Not a play history (a PDF, Userdata.json, a playlist file): skipped, with the reason. */
  | { kind: "other"; reason: string }
  /** Looks like a play history but cannot be one (truncated, unknown row shape): an error. */
  | { kind: "invalid"; reason: string };

/** Keys that only play histories have: a file with any of them is judged as a play history. */
const PLAY_HINT_KEYS = [
  "ts",
  "ms_played",
  "endTime",
  "msPlayed",
  "spotify_track_uri",
  "master_metadata_track_name",
  "listened_at",
];

/** Sniffs `head`, the first bytes of a file (64 KiB is usually plenty: one row is under 2 KiB). */
export function sniffFormat(head: Uint8Array, { complete = false }: { complete?: boolean } = {}): Sniffed {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(trimIncompleteUtf8(head, complete));
  } catch {
    return looksBinary(head)
      ? { kind: "other", reason: "not a text file" }
      : { kind: "invalid", reason: "not valid UTF-8 text" };
  }
  const start = skipWhitespace(text, 0);
  if (start === text.length) return { kind: "other", reason: "empty file" };
  const firstLine = text.slice(start).split(/\r?\n/, 1)[0].replace(/"/g, "").trim().toLowerCase();
  if (firstLine === LASTFM_HEADER) {
    const rest = text.slice(start).split(/\r?\n/).slice(1).some((line) => line.trim() !== "");
    return rest || !complete ? { kind: "plays", format: "lastfm" } : { kind: "empty" };
  }
  if (text[start] === "{") return sniffJsonLines(text.slice(start), complete);
  if (text[start] !== "[") {
    return looksBinary(head)
      ? { kind: "other", reason: "not a text file" }
      : { kind: "other", reason: "not JSON, nor a Last.fm scrobble CSV" };
  }
  const next = skipWhitespace(text, start + 1);
  if (next === text.length) {
    return complete ? { kind: "invalid", reason: "truncated JSON: the list never ends" } : {
      kind: "invalid",
      reason: "the first row is too large (over 32 MiB)",
    };
  }
  if (text[next] === "]") return { kind: "empty" };
  if (text[next] !== "{") return { kind: "other", reason: "a JSON list of something other than objects" };
  const end = endOfObject(text, next);
  if (end === -1) {
    return {
      kind: "invalid",
      reason: complete ? "truncated JSON in the first row" : "the first row is too large",
    };
  }
  let first: unknown;
  try {
    first = JSON.parse(text.slice(next, end));
  } catch (error) {
    return { kind: "invalid", reason: `malformed JSON in the first row: ${(error as Error).message}` };
  }
  const keys = Object.keys(first as Record<string, unknown>);
  const format = formatOfKeys(new Set(keys));
  if (format) return { kind: "plays", format };
  if (keys.some((key) => PLAY_HINT_KEYS.includes(key))) {
    return { kind: "invalid", reason: `unknown play row shape (keys: ${keys.slice(0, 12).join(", ")})` };
  }
  return { kind: "other", reason: `not a play history (keys: ${keys.slice(0, 8).join(", ")})` };
}

/** Newer ListenBrainz exports hold one listen per line (JSON lines); any other JSON object is not a history. */
function sniffJsonLines(text: string, complete: boolean): Sniffed {
  const end = endOfObject(text, 0);
  if (end === -1) {
    return complete || text.length < 1024 * 1024
      ? { kind: "other", reason: "a JSON object, not a list of plays" }
      : { kind: "invalid", reason: "the first row is too large" };
  }
  try {
    const keys = new Set(Object.keys(JSON.parse(text.slice(0, end))));
    if (formatOfKeys(keys) === "listenbrainz") return { kind: "plays", format: "listenbrainz" };
  } catch { /* not JSON lines either */ }
  return { kind: "other", reason: "a JSON object, not a list of plays" };
}

function formatOfKeys(keys: Set<string>): PlayFormat | undefined {
  if (keys.has("ts") && keys.has("ms_played")) return "extended";
  if (keys.has("listened_at") && keys.has("track_metadata")) return "listenbrainz";
  if (!keys.has("endTime") || !keys.has("msPlayed")) return undefined;
  if (keys.has("artistName") || keys.has("trackName")) return "account_music";
  if (keys.has("podcastName") || keys.has("episodeName")) return "account_podcast";
  if (keys.has("audiobookName") || keys.has("chapterName")) return "account_audiobook";
  return undefined;
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /[\s\uFEFF]/.test(text[i])) i++;
  return i;
}

/** Index just past the JSON object starting at `from`, or -1 when it does not end within `text`. */
function endOfObject(text: string, from: number): number {
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{" || char === "[") depth++;
    else if (char === "}" || char === "]") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Drops a multi-byte character cut in half at the end of a partial read. */
function trimIncompleteUtf8(bytes: Uint8Array, complete: boolean): Uint8Array {
  if (complete) return bytes;
  let end = bytes.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = bytes[end - back];
    if ((byte & 0xc0) === 0x80) continue; // continuation byte
    if (byte >= 0xc0) {
      const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      if (back < length) end -= back;
    }
    break;
  }
  return bytes.subarray(0, end);
}

function looksBinary(head: Uint8Array): boolean {
  const sample = head.subarray(0, 512);
  return sample.includes(0) || (sample[0] === 0x25 && sample[1] === 0x50); // NUL bytes or "%P"(DF)
}
