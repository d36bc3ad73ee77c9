import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import {
  crc32,
  listZipEntries,
  readZipEntryHead,
  writeZip,
  writeZipEntryAsGzip,
  type ZipEntry,
  ZipError,
} from "./mod.ts";

const encoder = new TextEncoder();
const UTF8_NAME = "Spotify Extended Streaming History/Streaming_History_Audio_2019 ü.json";

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "zip_test_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Deterministic JSON-like bytes that deflate well but not trivially. */
function sampleBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed;
  const words = encoder.encode(
    '{"ts":"2019-05-01T12:00:00Z","ms_played":123456,"artist":"Åsa & the Ünicode"},\n',
  );
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[i] = (state >>> 24) < 40 ? state & 0xff : words[i % words.length];
  }
  return out;
}

function fixtureEntries(): { name: string; data: Uint8Array }[] {
  return [
    { name: "Spotify Account Data/Userdata.json", data: encoder.encode('{"username":"someone"}') },
    { name: "big.json", data: sampleBytes(300_000) },
    { name: "empty.json", data: new Uint8Array(0) },
    { name: UTF8_NAME, data: encoder.encode('[{"master_metadata_track_name":"Göteborg"}]') },
  ];
}

function byName(entries: ZipEntry[], name: string): ZipEntry {
  const entry = entries.find((e) => e.name === name);
  assert.ok(entry, `no entry "${name}" in ${entries.map((e) => e.name).join(", ")}`);
  return entry;
}

async function assertZipError(fn: () => Promise<unknown>, ...fragments: string[]): Promise<ZipError> {
  const err = await fn().then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof ZipError, `expected ZipError, got ${err}`);
  for (const fragment of fragments) {
    assert.ok(err.message.includes(fragment), `"${err.message}" does not contain "${fragment}"`);
  }
  return err;
}

/** Offset of the central directory, read from an EOCD without comment. */
function centralOffset(zip: Uint8Array): number {
  return new DataView(zip.buffer).getUint32(zip.length - 22 + 16, true);
}

async function roundTrip(store: boolean): Promise<void> {
  await withTempDir(async (dir) => {
    const zipPath = join(dir, "export.zip");
    const inputs = fixtureEntries();
    await writeZip(zipPath, inputs, { store });
    const entries = await listZipEntries(zipPath);
    assert.deepEqual(entries.map((e) => e.name), inputs.map((e) => e.name));
    for (const input of inputs) {
      const entry = byName(entries, input.name);
      assert.equal(entry.method, store ? 0 : 8);
      assert.equal(entry.uncompressedSize, input.data.length);
      assert.equal(entry.crc32, crc32(input.data));
      assert.equal(entry.isDirectory, false);
      const gzPath = join(dir, "out.json.gz");
      await writeZipEntryAsGzip(zipPath, entry, gzPath);
      const gz = await Deno.readFile(gzPath);
      assert.deepEqual(new Uint8Array(gunzipSync(gz)), input.data, `content of "${input.name}"`);
      if (store) {
        // 10-byte header, 5 bytes per stored block of at most 65535 bytes, 8-byte trailer
        const blocks = Math.max(1, Math.ceil(input.data.length / 65535));
        assert.equal(gz.length, 10 + 5 * blocks + input.data.length + 8);
      } else {
        assert.equal(gz.length, 10 + entry.compressedSize + 8);
      }
    }
  });
}

Deno.test("crc32() matches known check values and continues over chunks", () => {
  assert.equal(crc32(encoder.encode("123456789")), 0xcbf43926);
  assert.equal(crc32(new Uint8Array(0)), 0);
  assert.equal(crc32(encoder.encode("The quick brown fox jumps over the lazy dog")), 0x414fa339);
  const data = sampleBytes(100_000);
  assert.equal(crc32(data.subarray(60_000), crc32(data.subarray(0, 60_000))), crc32(data));
});

Deno.test("writeZipEntryAsGzip() re-wraps deflate entries so gunzip returns the exact bytes", async () => {
  await roundTrip(false);
});

Deno.test("writeZipEntryAsGzip() wraps stored entries in stored blocks of at most 65535 bytes", async () => {
  await roundTrip(true);
});

Deno.test("writeZip() accepts async iterables and string data", async () => {
  await withTempDir(async (dir) => {
    const zipPath = join(dir, "async.zip");
    async function* generate() {
      for (let i = 0; i < 3; i++) yield { name: `part_${i}.json`, data: `{"part":${i},"name":"ü"}` };
    }
    await writeZip(zipPath, generate());
    const entries = await listZipEntries(zipPath);
    assert.deepEqual(entries.map((e) => e.name), ["part_0.json", "part_1.json", "part_2.json"]);
    const head = await readZipEntryHead(zipPath, entries[2], 1000);
    assert.equal(new TextDecoder().decode(head), '{"part":2,"name":"ü"}');
  });
});

Deno.test("readZipEntryHead() returns exactly the first N bytes", async () => {
  await withTempDir(async (dir) => {
    for (const store of [false, true]) {
      const zipPath = join(dir, `head_${store}.zip`);
      const inputs = fixtureEntries();
      await writeZip(zipPath, inputs, { store });
      const entries = await listZipEntries(zipPath);
      const big = byName(entries, "big.json");
      const data = inputs[1].data;
      for (const n of [0, 1, 100, 65_536, 200_001]) {
        assert.deepEqual(
          await readZipEntryHead(zipPath, big, n),
          data.subarray(0, n),
          `store=${store} n=${n}`,
        );
      }
      assert.deepEqual(await readZipEntryHead(zipPath, big, 10_000_000), data);
      assert.deepEqual(await readZipEntryHead(zipPath, byName(entries, "empty.json"), 10), new Uint8Array(0));
      const small = byName(entries, UTF8_NAME);
      assert.deepEqual(await readZipEntryHead(zipPath, small, 1 << 20), inputs[3].data);
      await assertZipError(() => readZipEntryHead(zipPath, small, -1), zipPath, "maxBytes", "-1");
    }
  });
});

Deno.test("listZipEntries() reports unsafe names and directories faithfully", async () => {
  await withTempDir(async (dir) => {
    const zipPath = join(dir, "names.zip");
    const names = ["../evil.json", "/abs/path.json", "a/../../b.json", "folder/"];
    await writeZip(zipPath, names.map((name) => ({ name, data: "" })));
    const entries = await listZipEntries(zipPath);
    assert.deepEqual(entries.map((e) => e.name), names);
    assert.deepEqual(entries.map((e) => e.isDirectory), [false, false, false, true]);
  });
});

Deno.test("listZipEntries() decodes names without the UTF-8 flag as UTF-8 when valid, else CP437", async () => {
  await withTempDir(async (dir) => {
    const zipPath = join(dir, "legacy.zip");
    await writeZip(zipPath, [{ name: "ü.json", data: "a" }, { name: "XX.json", data: "b" }]);
    const zip = await Deno.readFile(zipPath);
    const view = new DataView(zip.buffer);
    const cd = centralOffset(zip);
    // first central entry: clear the UTF-8 flag (bytes stay valid UTF-8, as macOS writes them)
    view.setUint16(cd + 8, 0, true);
    // second central entry: clear the flag and make the name CP437 "Ä╬.json"
    const second = cd + 46 + encoder.encode("ü.json").length;
    view.setUint16(second + 8, 0, true);
    zip[second + 46] = 0x8e;
    zip[second + 47] = 0xce;
    await Deno.writeFile(zipPath, zip);
    const entries = await listZipEntries(zipPath);
    assert.deepEqual(entries.map((e) => e.name), ["ü.json", "Ä╬.json"]);
  });
});

Deno.test("listZipEntries() finds the end record behind an archive comment", async () => {
  await withTempDir(async (dir) => {
    const zipPath = join(dir, "comment.zip");
    await writeZip(zipPath, [{ name: "a.json", data: "[]" }]);
    const zip = await Deno.readFile(zipPath);
    // a comment that itself contains an end-record signature
    const comment = encoder.encode("made by a test PK\x05\x06 and more text");
    new DataView(zip.buffer).setUint16(zip.length - 2, comment.length, true);
    await Deno.writeFile(zipPath, new Uint8Array([...zip, ...comment]));
    const entries = await listZipEntries(zipPath);
    assert.deepEqual(entries.map((e) => e.name), ["a.json"]);
    assert.deepEqual(await readZipEntryHead(zipPath, entries[0], 10), encoder.encode("[]"));
  });
});

Deno.test("listZipEntries() rejects empty, non-ZIP, missing and truncated files naming the path", async () => {
  await withTempDir(async (dir) => {
    const empty = join(dir, "empty.zip");
    await Deno.writeFile(empty, new Uint8Array(0));
    await assertZipError(() => listZipEntries(empty), empty, "empty");

    const text = join(dir, "not_a_zip.zip");
    await Deno.writeTextFile(
      text,
      "this is not a zip file at all, just some text that is long enough\n".repeat(10),
    );
    await assertZipError(() => listZipEntries(text), text, "no end-of-central-directory record");

    const missing = join(dir, "missing.zip");
    await assertZipError(() => listZipEntries(missing), missing);

    const good = join(dir, "good.zip");
    await writeZip(good, fixtureEntries());
    const zip = await Deno.readFile(good);
    const half = join(dir, "half.zip");
    await Deno.writeFile(half, zip.subarray(0, zip.length >> 1));
    await assertZipError(() => listZipEntries(half), half, "truncated");

    // bytes missing before the central directory: its offset now points past where it is
    const cd = centralOffset(zip);
    const shifted = join(dir, "shifted.zip");
    await Deno.writeFile(shifted, new Uint8Array([...zip.subarray(0, cd - 10), ...zip.subarray(cd)]));
    await assertZipError(() => listZipEntries(shifted), shifted, "central directory");
  });
});

Deno.test("writeZipEntryAsGzip() rejects an entry whose data is cut off, leaving no output", async () => {
  await withTempDir(async (dir) => {
    const zipPath = join(dir, "cut.zip");
    await writeZip(zipPath, fixtureEntries());
    const entries = await listZipEntries(zipPath);
    const big = byName(entries, "big.json");
    const zip = await Deno.readFile(zipPath);
    await Deno.writeFile(zipPath, zip.subarray(0, big.localHeaderOffset + 1000));
    const gzPath = join(dir, "big.json.gz");
    await assertZipError(() => writeZipEntryAsGzip(zipPath, big, gzPath), zipPath, "big.json", "truncated");
    await assertZipError(() => readZipEntryHead(zipPath, big, 10), zipPath, "truncated");
    await assert.rejects(() => Deno.stat(gzPath), Deno.errors.NotFound);
  });
});

Deno.test("listZipEntries() and readers reject ZIP64, encryption and unknown methods", async () => {
  await withTempDir(async (dir) => {
    const base = join(dir, "base.zip");
    await writeZip(base, [{ name: "a.json", data: "[1,2,3]" }]);
    const original = await Deno.readFile(base);
    const cd = centralOffset(original);

    const patched = async (name: string, patch: (view: DataView) => void): Promise<string> => {
      const copy = original.slice();
      patch(new DataView(copy.buffer));
      const path = join(dir, name);
      await Deno.writeFile(path, copy);
      return path;
    };

    const zip64 = await patched("zip64.zip", (v) => v.setUint32(cd + 20, 0xffffffff, true));
    await assertZipError(() => listZipEntries(zip64), zip64, "ZIP64 archives are not supported yet");

    const encrypted = await patched("encrypted.zip", (v) => {
      v.setUint16(6, v.getUint16(6, true) | 1, true);
      v.setUint16(cd + 8, v.getUint16(cd + 8, true) | 1, true);
    });
    const [encryptedEntry] = await listZipEntries(encrypted);
    await assertZipError(() => readZipEntryHead(encrypted, encryptedEntry, 10), encrypted, "encrypted");
    await assertZipError(
      () => writeZipEntryAsGzip(encrypted, encryptedEntry, join(dir, "e.gz")),
      encrypted,
      "encrypted",
    );

    const bzip2 = await patched("bzip2.zip", (v) => v.setUint16(cd + 10, 12, true));
    const [bzip2Entry] = await listZipEntries(bzip2);
    assert.equal(bzip2Entry.method, 12);
    await assertZipError(() => readZipEntryHead(bzip2, bzip2Entry, 10), bzip2, "method 12");

    const badLocal = await patched("bad_local.zip", (v) => v.setUint32(0, 0x12345678, true));
    const [badLocalEntry] = await listZipEntries(badLocal);
    await assertZipError(() => readZipEntryHead(badLocal, badLocalEntry, 10), badLocal, "local file header");
  });
});

function hasZipCli(): boolean {
  try {
    return new Deno.Command("zip", { args: ["-v"], stdout: "null", stderr: "null" }).outputSync().success;
  } catch {
    return false;
  }
}

Deno.test({
  name: "listZipEntries() reads archives made by the zip CLI, including data descriptors",
  ignore: !hasZipCli(),
  async fn() {
    await withTempDir(async (dir) => {
      const files: Record<string, Uint8Array> = {
        "history/big.json": sampleBytes(250_000, 7),
        "history/empty.json": new Uint8Array(0),
        "history/tiny.txt": encoder.encode("x"),
      };
      for (const [name, data] of Object.entries(files)) {
        await Deno.mkdir(join(dir, "history"), { recursive: true });
        await Deno.writeFile(join(dir, name), data);
      }
      const run = async (args: string[], stdin?: Uint8Array): Promise<Uint8Array> => {
        const child = new Deno.Command("zip", {
          args,
          cwd: dir,
          stdin: stdin ? "piped" : "null",
          stdout: "piped",
        }).spawn();
        if (stdin) {
          const writer = child.stdin.getWriter();
          await writer.write(stdin);
          await writer.close();
        }
        const { success, stdout } = await child.output();
        assert.ok(success, `zip ${args.join(" ")}`);
        return stdout;
      };
      await run(["-q", "-r", "cli.zip", "history"]);
      await run(["-q", "-0", "-r", "cli_stored.zip", "history"]);

      for (const archive of ["cli.zip", "cli_stored.zip"]) {
        const zipPath = join(dir, archive);
        const entries = await listZipEntries(zipPath);
        assert.ok(byName(entries, "history/").isDirectory);
        for (const [name, data] of Object.entries(files)) {
          const entry = byName(entries, name);
          const gzPath = join(dir, "out.gz");
          await writeZipEntryAsGzip(zipPath, entry, gzPath);
          assert.deepEqual(
            new Uint8Array(gunzipSync(await Deno.readFile(gzPath))),
            data,
            `${archive} ${name}`,
          );
          assert.deepEqual(await readZipEntryHead(zipPath, entry, 500), data.subarray(0, 500));
        }
      }

      // Compressing stdin into a file, zip adds ZIP64 end records that only repeat the classic ones.
      // Writing to a pipe, it cannot seek back, so it adds data descriptors (flag bit 3) instead.
      const piped = sampleBytes(80_000, 3);
      await run(["-q", "stdin.zip", "-"], piped);
      await Deno.writeFile(join(dir, "stdout.zip"), await run(["-q", "-", "-"], piped));
      for (const archive of ["stdin.zip", "stdout.zip"]) {
        const zipPath = join(dir, archive);
        const [entry] = await listZipEntries(zipPath);
        assert.equal(entry.name, "-");
        await writeZipEntryAsGzip(zipPath, entry, join(dir, "piped.gz"));
        assert.deepEqual(
          new Uint8Array(gunzipSync(await Deno.readFile(join(dir, "piped.gz")))),
          piped,
          archive,
        );
      }
      // A ZIP64 end record that says more than the classic one (here: more entries) is real ZIP64.
      const stdinZip = await Deno.readFile(join(dir, "stdin.zip"));
      const zip64End = stdinZip.findLastIndex((_, i) =>
        stdinZip[i] === 0x50 && stdinZip[i + 1] === 0x4b && stdinZip[i + 2] === 6 && stdinZip[i + 3] === 6
      );
      assert.ok(zip64End > 0, "zip wrote a ZIP64 end record");
      new DataView(stdinZip.buffer).setBigUint64(zip64End + 32, 70_000n, true);
      const realZip64 = join(dir, "zip64.zip");
      await Deno.writeFile(realZip64, stdinZip);
      await assertZipError(
        () => listZipEntries(realZip64),
        realZip64,
        "ZIP64 archives are not supported yet",
      );

      const stdoutZip = await Deno.readFile(join(dir, "stdout.zip"));
      assert.equal(new DataView(stdoutZip.buffer).getUint16(6, true) & 0x8, 0x8, "data descriptor flag");
    });
  },
});
