import assert from "node:assert/strict";
import { sniffFormat } from "./sniff.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const sniff = (text: string) => sniffFormat(bytes(text), { complete: true });

Deno.test("sniffFormat() tells every play format from its first row", () => {
  assert.deepEqual(sniff('[{"ts":"2024-01-01T00:00:00Z","ms_played":1}]'), {
    kind: "plays",
    format: "extended",
  });
  assert.deepEqual(
    sniff(
      '\uFEFF[\n  {\n    "endTime": "2023-02-14 19:06", "artistName": "A", "trackName": "T", "msPlayed": 5}]',
    ),
    { kind: "plays", format: "account_music" },
  );
  assert.deepEqual(
    sniff('[{"endTime":"2023-02-14 19:06","podcastName":"P","episodeName":"E","msPlayed":5}]'),
    { kind: "plays", format: "account_podcast" },
  );
  assert.deepEqual(
    sniff(
      '[{"endTime":"2023-02-14 19:06","audiobookName":"B","chapterName":"C","authorName":"A","msPlayed":5}]',
    ),
    { kind: "plays", format: "account_audiobook" },
  );
  assert.deepEqual(sniff("[ ]"), { kind: "empty" });
});

Deno.test("sniffFormat() knows a Last.fm scrobble CSV by its header, quoted or not, and nothing else by CSV", () => {
  const header = "uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid";
  assert.deepEqual(sniff(`${header}\r\n1704103230,x,A,,B,,C,\r\n`), { kind: "plays", format: "lastfm" });
  assert.deepEqual(sniff(`\uFEFF"${header.split(",").join('","')}"\n1,x,A,,B,,C,`), {
    kind: "plays",
    format: "lastfm",
  });
  assert.deepEqual(sniff(`${header}\n\n`), { kind: "empty" });
  assert.deepEqual(sniff("artist,track\nA,B\n"), {
    kind: "other",
    reason: "not JSON, nor a Last.fm scrobble CSV",
  });
});

Deno.test("sniffFormat() skips files that are not play histories, and flags broken ones", () => {
  assert.deepEqual(sniff('{"username":"x"}'), {
    kind: "other",
    reason: "a JSON object, not a list of plays",
  });
  assert.deepEqual(sniff('[{"name":"My playlist","items":[]}]'), {
    kind: "other",
    reason: "not a play history (keys: name, items)",
  });
  assert.deepEqual(sniff("%PDF-1.4\0binary"), { kind: "other", reason: "not a text file" });
  assert.deepEqual(sniff("[1, 2, 3]"), {
    kind: "other",
    reason: "a JSON list of something other than objects",
  });
  assert.deepEqual(sniff('[{"ts":"2024-01-01T00:00:00Z","ms_played":1'), {
    kind: "invalid",
    reason: "truncated JSON in the first row",
  });
  assert.deepEqual(sniff('[{"ts":"x","foo":1}]'), {
    kind: "invalid",
    reason: "unknown play row shape (keys: ts, foo)",
  });
  assert.deepEqual(sniffFormat(new Uint8Array([0x5b, 0xff, 0xfe, 0x7b]), { complete: true }), {
    kind: "invalid",
    reason: "not valid UTF-8 text",
  });
});

Deno.test("sniffFormat() copes with a head cut inside a multi-byte character", () => {
  const text = '[{"ts":"2024-01-01T00:00:00Z","ms_played":1,"master_metadata_track_name":"Jóga"},{"ts":"é';
  const head = bytes(text);
  const cut = head.subarray(0, head.length - 1); // half of "é"
  assert.deepEqual(sniffFormat(cut, { complete: false }), { kind: "plays", format: "extended" });
});
