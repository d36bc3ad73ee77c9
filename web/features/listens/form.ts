/**
 * The manual listen form read into a listen, in the shape players send (so it lands, builds and exports like
 * theirs): track, artist, optional album, when it started (local time in TIMEZONE) and an optional duration
 * ("3:25", "1:02:03", or whole minutes: "45" for a concert); without one it counts 210 s, estimated.
 */

export interface ManualFields {
  user: string;
  track: string;
  artist: string;
  album: string;
  startedAt: string;
  duration: string;
}

const USER_NAME = /^[\p{L}\p{N}_.@-]{1,64}$/u;
const MAX_NAME = 512;
/** ListenBrainz takes nothing older (2002-10-01): so an export of these listens goes back in. */
const EARLIEST = Date.UTC(2002, 9, 1);
const MAX_DURATION_S = 24 * 24 * 60 * 60;

/** The listen, or what is wrong with the form, one message per field. */
export function readManualListen(
  fields: ManualFields,
  { timezone, now }: { timezone: string; now: Date },
): { user: string; listen: Record<string, unknown> } | { errors: string[] } {
  const errors: string[] = [];
  const user = fields.user.trim();
  if (!USER_NAME.test(user)) errors.push("The listener is 1-64 letters, digits, _ . @ or -.");
  const names = { track: fields.track.trim(), artist: fields.artist.trim(), album: fields.album.trim() };
  for (const [what, value] of Object.entries(names)) {
    if ((what !== "album" && value.length === 0) || value.length > MAX_NAME || value.includes("\u0000")) {
      errors.push(
        `The ${what} is ${
          what === "album" ? "optional, and" : "needed, and"
        } at most ${MAX_NAME} characters.`,
      );
    }
  }
  const started = zonedTimeToUtc(fields.startedAt.trim(), timezone);
  if (!started || started.getTime() < EARLIEST || started.getTime() > now.getTime() + 3_600_000) {
    errors.push("When it started: a date and time from 2002-10-01 until now.");
  }
  const seconds = parseDuration(fields.duration.trim());
  if (seconds === undefined || (seconds ?? 0) > MAX_DURATION_S) {
    errors.push('The duration is "3:25", "1:02:03" or whole minutes ("45"), or left empty.');
  }
  if (errors.length > 0) return { errors };
  return {
    user,
    listen: {
      listened_at: Math.floor(started!.getTime() / 1000),
      track_metadata: {
        artist_name: names.artist,
        track_name: names.track,
        ...(names.album ? { release_name: names.album } : {}),
        additional_info: {
          ...(seconds ? { duration_ms: seconds * 1000 } : {}),
          submission_client: "Music Tracker",
        },
      },
    },
  };
}

/** Seconds: null when empty, undefined when unreadable. */
function parseDuration(text: string): number | null | undefined {
  if (text === "") return null;
  if (/^\d{1,5}$/.test(text)) return Number(text) * 60 || undefined;
  const parts = /^(?:(\d{1,3}):)?(\d{1,3}):(\d{2})$/.exec(text);
  if (!parts || Number(parts[3]) > 59) return undefined;
  const seconds = Number(parts[1] ?? 0) * 3600 + Number(parts[2]) * 60 + Number(parts[3]);
  return seconds > 0 ? seconds : undefined;
}

/** A `datetime-local` value ("2026-01-10T20:30") read as a wall-clock time in `timezone`. */
export function zonedTimeToUtc(local: string, timezone: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  if (Number.isNaN(wall) || new Date(wall).getUTCDate() !== day) return undefined;
  // The zone's offset at the guess, then again at the corrected time (a guess across a DST change).
  let utc = wall - offsetMs(wall, timezone);
  utc = wall - offsetMs(utc, timezone);
  return new Date(utc);
}

/** How far `timezone`'s wall clock is ahead of UTC at `instant`. */
function offsetMs(instant: number, timezone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    }).formatToParts(new Date(instant)).map((part) => [part.type, Number(part.value)]),
  );
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(instant / 1000) * 1000;
}
