import assert from "node:assert/strict";
import { ApiError, parseSubmission } from "./validate.ts";

const NOW = new Date("2026-03-01T12:00:00Z");

function body(metadata: Record<string, unknown>): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({
    listen_type: "single",
    payload: [{ listened_at: 1_771_000_000, track_metadata: metadata }],
  }));
}

Deno.test("parseSubmission() takes names of up to 1,000 characters and refuses longer ones, naming the field (as an import does)", () => {
  const longest = {
    artist_name: "ü".repeat(1000),
    track_name: "🎵".repeat(1000),
    release_name: "a".repeat(1000),
  };
  assert.equal(parseSubmission(body(longest), NOW).listens.length, 1);
  for (const key of ["artist_name", "track_name", "release_name"]) {
    assert.throws(
      () => parseSubmission(body({ ...longest, [key]: "x".repeat(1001) }), NOW),
      (error: unknown) =>
        error instanceof ApiError && error.status === 400 &&
        error.message === `track_metadata.${key} may not be longer than 1000 characters.`,
    );
  }
});
