/**
 * The Import page against a real `serve` process: upload (multipart, streamed), dry-run preview, import with
 * progress, final report; hostile uploads; and a 1 GB upload cut off at MAX_UPLOAD_MB without filling the disk.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { writeZip } from "../pipeline/imports/zip/mod.ts";
import { EXPORT_EXTENDED } from "./test_warehouse.ts";
import { freePort, spawnMain } from "./test_cli.ts";

async function startServer(db: string, env: Record<string, string> = {}) {
  const port = freePort();
  const child = spawnMain(["serve", "--no-schedules", "--db", db, "--port", String(port)], {
    LOG_LEVEL: "warn",
    ...env,
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    const ok = await fetch(`${base}/healthz`).then((r) => (r.body?.cancel(), r.ok), () => false);
    if (ok) return { child, base };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error("the server did not start");
}

async function upload(base: string, name: string, data: Uint8Array<ArrayBuffer> | string) {
  const form = new FormData();
  form.append("file", new Blob([data]), name);
  return await fetch(`${base}/import`, {
    method: "POST",
    body: form,
    headers: { origin: base },
    redirect: "manual",
  });
}

Deno.test("Import page: upload, preview without writing, import with progress, report", async () => {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-upload-" });
  const db = join(dir, "music.duckdb");
  const zip = join(dir, "my_spotify_data.zip");
  const entries = [];
  for await (const entry of Deno.readDir(EXPORT_EXTENDED)) {
    entries.push({
      name: `Spotify Extended Streaming History/${entry.name}`,
      data: await Deno.readFile(join(EXPORT_EXTENDED, entry.name)),
    });
  }
  await writeZip(zip, entries);
  const { child, base } = await startServer(db);
  try {
    const posted = await upload(base, "my_spotify_data.zip", await Deno.readFile(zip));
    assert.equal(posted.status, 303);
    const statusUrl = `${base}${posted.headers.get("location")}`;
    const preview = await (await fetch(statusUrl)).text();
    assert.match(preview, /Nothing has been written yet/);
    assert.match(
      preview,
      /<tr class="total"><td>Total<\/td><td class="number">12<\/td><td class="number">10<\/td><td class="number">1<\/td><td>1 no content<\/td><\/tr>/,
    );
    assert.match(preview, /Import 10 new plays/);
    let ready = await (await fetch(`${base}/readyz`)).json();
    assert.equal(
      ready.warehouse.demo,
      true,
      "a preview leaves the dashboard on the demo, and writes nothing",
    );

    const id = posted.headers.get("location")!.split("/").pop();
    const run = await fetch(`${base}/import/${id}/run`, {
      method: "POST",
      headers: { origin: base },
      redirect: "manual",
    });
    assert.equal(run.status, 303);
    let page = "";
    for (let i = 0; i < 100 && !/Imported:/.test(page); i++) {
      page = await (await fetch(statusUrl)).text();
      if (/hx-trigger="every 1s"/.test(page)) assert.match(page, /<progress max="5" value="\d"/);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.match(page, /Imported: 10 new plays \(0 before, 10\s+now\)/);
    assert.doesNotMatch(page, /hx-trigger/, "polling stops when the import is done");
    ready = await (await fetch(`${base}/readyz`)).json();
    assert.deepEqual([ready.warehouse.demo, ready.warehouse.plays], [false, 10]);
    const jobs = await (await fetch(`${base}/api/jobs`)).json();
    assert.deepEqual([jobs[0].job, jobs[0].trigger, jobs[0].status], ["import", "web", "succeeded"]);
    assert.deepEqual([...Deno.readDirSync(join(dir, "uploads"))], [], "the upload is removed afterwards");
  } finally {
    child.kill();
    await child.status;
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Import page: bad uploads get a clear message; a 1 GB upload stops at MAX_UPLOAD_MB", async () => {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-upload-bad-" });
  const db = join(dir, "music.duckdb");
  const { child, base } = await startServer(db, { MAX_UPLOAD_MB: "64" });
  try {
    const cases: [string, string | Uint8Array<ArrayBuffer>, RegExp][] = [
      [
        "Streaming_History_Audio_2024.json",
        '[{"ts":"2024-01-01T00:00:00Z","ms_played":"lots"}]',
        /Cannot read &quot;ms_played&quot; in Streaming_History_Audio_2024\.json row 1/,
      ],
      [
        "Streaming_History_Audio_2024.json",
        '[{"ts":"2024-01-01T00:00:00Z","ms_pla',
        /truncated JSON in the first row/,
      ],
      [
        "export.zip",
        new Uint8Array([0x50, 0x4b, 3, 4, 9, 9, 9]),
        /export\.zip.*(not a ZIP|end-of-central-directory)/,
      ],
      ["notes.txt", "hello", /not JSON/],
      ["../../etc/passwd", "root:x:0:0", /not JSON/],
    ];
    for (const [name, data, message] of cases) {
      const response = await upload(base, name, data);
      assert.equal(response.status, 400, name);
      assert.match(await response.text(), message, name);
    }
    // A form without a file, and a raw body without a known type.
    const noFile = await fetch(`${base}/import`, {
      method: "POST",
      headers: { origin: base, "content-type": "multipart/form-data; boundary=x" },
      body: '--x\r\nContent-Disposition: form-data; name="other"\r\n\r\nvalue\r\n--x--\r\n',
    });
    assert.equal(noFile.status, 400);
    assert.match(await noFile.text(), /The form has no file in it/);

    // 1 GiB streamed (no Content-Length): the server stops reading at 64 MB and keeps nothing.
    let sent = 0;
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 1024 * 1024 * 1024) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const huge = await fetch(`${base}/import`, {
      method: "POST",
      headers: { origin: base, "content-type": "application/octet-stream", "x-filename": "huge.json" },
      body,
    }).catch((error) => error as Error);
    if (huge instanceof Response) {
      assert.equal(huge.status, 413);
      assert.match(await huge.text(), /larger than 64 MB \(MAX_UPLOAD_MB\)/);
    }
    assert.ok(sent < 1024 * 1024 * 1024, `the server read all ${sent} bytes`);
    const left = [...Deno.readDirSync(join(dir, "uploads"))];
    assert.deepEqual(left, [], "nothing of the refused uploads is kept");
  } finally {
    child.kill();
    await child.status;
    await Deno.remove(dir, { recursive: true });
  }
});
