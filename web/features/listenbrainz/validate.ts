/**
 * A submit-listens body checked as ListenBrainz checks it (listenbrainz-server `views/api.py submit_listen` and
 * `views/api_tools.py validate_listen`), in the same order and with the same messages, so a client shows its user
 * what ListenBrainz would have said. A refused listen's own keys are merged into the error object, as
 * ListenBrainz does. Where ListenBrainz would fail with a 500 (a listen that is not an object, tags that are not
 * a list), or has no limit (nesting), this says what is wrong with a 400 instead.
 */

export type ListenType = "single" | "import" | "playing_now";

/** A checked submission: every listen as received (an object), to be kept as it came. */
export interface Submission {
  listenType: ListenType;
  listens: Record<string, unknown>[];
}

/** A refusal in ListenBrainz's shape: `{...listen, code, error}` with HTTP status `code`. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly listen?: unknown) {
    super(message);
  }

  body(): Record<string, unknown> {
    const merged = isObject(this.listen) ? { ...this.listen } : {};
    return { ...merged, code: this.status, error: this.message };
  }
}

/** ListenBrainz's limits (MAX_LISTENS_PER_REQUEST, MAX_LISTEN_SIZE, MAX_LISTEN_PAYLOAD_SIZE, LISTEN_MINIMUM_TS). */
export const MAX_LISTENS_PER_REQUEST = 1000;
export const MAX_LISTEN_SIZE = 10_240;
export const MAX_PAYLOAD_BYTES = MAX_LISTEN_SIZE * MAX_LISTENS_PER_REQUEST;
export const LISTEN_MINIMUM_TS = 1_033_410_600;
/** listened_at may be this far ahead of the server's clock (API_LISTENED_AT_ALLOWED_SKEW). */
const ALLOWED_SKEW_S = 3600;
const MAX_DURATION_S = 24 * 24 * 60 * 60;
const MAX_TAGS = 50;
const MAX_TAG_LENGTH = 64;
/** Ours: a listen is at most 10 kB, but 10 kB of brackets is 5,000 levels; nothing real nests past a few. */
const MAX_DEPTH = 32;
/** Ours, as for imports (the name_too_long macro): no real track, artist or album name is longer. */
const MAX_NAME_CHARACTERS = 1000;

const SINGLE_MBID_KEYS = ["release_mbid", "recording_mbid", "release_group_mbid", "track_mbid"];
const MULTIPLE_MBID_KEYS = ["artist_mbids", "work_mbids"];

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Reads and checks a body; `now` is the server's clock (listened_at may not be more than an hour ahead). */
export function parseSubmission(body: Uint8Array, now: Date): Submission {
  if (body.length > MAX_PAYLOAD_BYTES) {
    throw new ApiError(400, `Payload too large. Payload cannot exceed ${MAX_PAYLOAD_BYTES} bytes`);
  }
  let data: unknown;
  try {
    data = JSON.parse(decoder.decode(body));
  } catch (error) {
    const why = error instanceof TypeError ? "the body is not valid UTF-8" : (error as Error).message;
    throw new ApiError(400, `Cannot parse JSON document: ${why}`);
  }
  if (!isObject(data)) {
    throw new ApiError(
      400,
      "Invalid JSON document submitted. Top level of JSON document should be a json object.",
    );
  }
  if (!("payload" in data)) throw new ApiError(400, "Invalid JSON document submitted.");
  const payload = data.payload;
  if (!Array.isArray(payload)) {
    throw new ApiError(400, "The payload in the JSON document should be a list of listens.", payload);
  }
  if (payload.length === 0) throw new ApiError(400, "JSON document does not contain any listens");
  if (payload.length > MAX_LISTENS_PER_REQUEST) {
    throw new ApiError(
      400,
      `Too many listens. You may not submit more than ${MAX_LISTENS_PER_REQUEST} listens at once.`,
    );
  }
  if (body.length > payload.length * MAX_LISTEN_SIZE) {
    throw new ApiError(
      400,
      `JSON document is too large. Each listens may not be larger than ${MAX_LISTEN_SIZE} bytes.`,
    );
  }
  if (!("listen_type" in data)) throw new ApiError(400, "Invalid JSON document submitted.");
  const listenType = data.listen_type;
  if (listenType !== "single" && listenType !== "import" && listenType !== "playing_now") {
    throw new ApiError(400, "JSON document requires a valid listen_type key.");
  }
  if (listenType !== "import" && payload.length > 1) {
    throw new ApiError(
      400,
      "JSON document contains more than listen for a single/playing_now. It should contain only one.",
    );
  }
  for (const listen of payload) validateListen(listen, listenType, now);
  return { listenType, listens: payload as Record<string, unknown>[] };
}

/** Throws ApiError for the first thing wrong with `listen`, as ListenBrainz's validate_listen would. */
export function validateListen(listen: unknown, listenType: ListenType, now: Date): void {
  if (listen === null || listen === undefined) {
    throw new ApiError(400, "Listen is empty and cannot be validated.");
  }
  if (!isObject(listen)) throw new ApiError(400, "Each listen in the payload must be a json object.");
  const fail = (message: string): never => {
    throw new ApiError(400, message, listen);
  };
  if (listenType === "playing_now") {
    if ("listened_at" in listen) {
      fail("JSON document must not contain listened_at while submitting playing_now.");
    }
    if (!("track_metadata" in listen)) {
      fail("JSON document must contain the key track_metadata at the top level.");
    }
    if (Object.keys(listen).length > 1) {
      fail("JSON document may only contain track_metadata as top level key when submitting playing_now.");
    }
  } else {
    if (!("listened_at" in listen)) fail("JSON document must contain the key listened_at at the top level.");
    const listenedAt = pythonInt(listen.listened_at);
    if (listenedAt === undefined) fail("JSON document must contain an int value for listened_at.");
    if (listenedAt! >= Math.floor(now.getTime() / 1000) + ALLOWED_SKEW_S) {
      fail("Value for key listened_at is too high.");
    }
    if (listenedAt! < LISTEN_MINIMUM_TS) {
      fail(
        "Value for key listened_at is too low. listened_at timestamp should be greater than 1033410600 " +
          "(2002-10-01 00:00:00 UTC).",
      );
    }
    if (!("track_metadata" in listen)) {
      fail("JSON document must contain the key track_metadata at the top level.");
    }
    if (Object.keys(listen).length > 2) {
      fail("JSON document may only contain listened_at and track_metadata top level keys");
    }
  }
  const metadata = listen.track_metadata;
  if (metadata === null) fail("JSON document may not have track_metadata with null value.");
  if (!isObject(metadata)) return fail("track_metadata must be a json object.");
  for (
    const [key, required] of [["track_name", true], ["artist_name", true], ["release_name", false]] as const
  ) {
    if (key in metadata) {
      const value = metadata[key];
      if (typeof value !== "string") fail(`track_metadata.${key} must be a single string.`);
      if ((value as string).trim().length === 0) fail(`field track_metadata.${key} is empty.`);
      if ([...(value as string)].length > MAX_NAME_CHARACTERS) {
        fail(`track_metadata.${key} may not be longer than ${MAX_NAME_CHARACTERS} characters.`);
      }
    } else if (required) {
      fail(`JSON document does not contain required field track_metadata.${key}.`);
    }
  }
  const info = metadata.additional_info;
  if (info !== undefined && info !== null) {
    if (!isObject(info)) fail("track_metadata.additional_info must be a json object.");
    validateAdditionalInfo(info as Record<string, unknown>, fail);
  }
  const problem = nestingOrNullProblem(listen);
  if (problem) fail(problem);
}

function validateAdditionalInfo(info: Record<string, unknown>, fail: (message: string) => never): void {
  if ("tags" in info && info.tags !== null) {
    const tags = info.tags;
    if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== "string")) {
      fail("track_metadata.additional_info.tags must be a list of strings.");
    }
    if ((tags as string[]).length > MAX_TAGS) {
      fail(
        `JSON document may not contain more than ${MAX_TAGS} items in track_metadata.additional_info.tags.`,
      );
    }
    if ((tags as string[]).some((tag) => [...tag].length > MAX_TAG_LENGTH)) {
      fail(
        `JSON document may not contain track_metadata.additional_info.tags longer than ${MAX_TAG_LENGTH} characters.`,
      );
    }
  }
  if ("duration" in info && "duration_ms" in info) {
    fail("JSON document should not contain both duration and duration_ms.");
  }
  for (const [key, max] of [["duration", MAX_DURATION_S], ["duration_ms", MAX_DURATION_S * 1000]] as const) {
    if (!(key in info)) continue;
    const value = pythonInt(info[key]);
    if (value === undefined || value <= 0) fail(`Value for ${key} is invalid, should be a positive integer.`);
    if (value! > max) fail(`Value for ${key} is too large, max permitted value is ${max}`);
  }
  for (const key of SINGLE_MBID_KEYS) {
    const mbid = info[key];
    if (key in info && isTruthy(mbid) && !isUuid(mbid)) fail(`${key} MBID format invalid.`);
  }
  for (const key of MULTIPLE_MBID_KEYS) {
    const mbids = info[key];
    if (!(key in info) || !isTruthy(mbids)) continue;
    const list = Array.isArray(mbids) ? mbids : typeof mbids === "string" ? [...mbids] : [mbids];
    if (list.filter(isTruthy).some((mbid) => !isUuid(mbid))) fail(`${key} MBID format invalid.`);
  }
}

/**
 * Python's `int(value)` for what JSON can hold: whole numbers, decimals (cut toward zero), numeric strings
 * (" 42 "); undefined where Python raises. Booleans are refused (Python takes them as 0 and 1; no client means that).
 */
function pythonInt(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value === "string" && /^\s*[+-]?\d+\s*$/.test(value)) return Number(value.trim());
  return undefined;
}

/** Python's truthiness for JSON values: null, "", 0, [] and {} are false. */
function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

/** What Python's uuid.UUID() accepts: 32 hex digits, with any hyphens, braces or a urn:uuid: prefix. */
function isUuid(value: unknown): boolean {
  if (typeof value !== "string") return false;
  const hex = value.replace(/^urn:/, "").replace(/^uuid:/, "").replace(/[{}]/g, "").replaceAll("-", "");
  return /^[0-9a-f]{32}$/i.test(hex);
}

/**
 * Walks `value` without recursion: what is wrong when it nests past MAX_DEPTH levels, or when a string in it holds
 * U+0000 (ListenBrainz refuses those: Postgres cannot store them); else undefined.
 */
function nestingOrNullProblem(value: unknown): string | undefined {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item === "string") {
      if (item.includes("\u0000")) return `${item} contains a unicode null`;
    } else if (item !== null && typeof item === "object") {
      if (depth >= MAX_DEPTH) return "JSON document is nested too deeply.";
      for (const child of Object.values(item)) stack.push([child, depth + 1]);
    }
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
