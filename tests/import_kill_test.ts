/**
 * A killed import leaves the warehouse exactly as it was: a real `main.ts import` process is killed with SIGKILL
 * at several points of a larger import; each time the warehouse reopens with the same plays, and a final import
 * completes with every play exactly once.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { mulberry32 } from "./seeded_random.ts";
import { killAfter } from "./test_cli.ts";
import { generateExtendedHistory } from "../pipeline/demo/history/mod.ts";
import { Warehouse } from "../warehouse/duckdb.ts";
import { runDataTests } from "../warehouse/build.ts";
import { EXPORT_EXTENDED, warehouseFingerprint } from "./test_warehouse.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

function importProcess(db: string, path: string) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "import", "--db", db, "--json", path],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

async function dataTestFailures(db: string): Promise<string[]> {
  const warehouse = await Warehouse.open(db, { readOnly: true });
  try {
    return (await runDataTests(warehouse)).map((failure) => failure.test);
  } finally {
    warehouse.close();
  }
}

async function fingerprint(db: string): Promise<string> {
  const warehouse = await Warehouse.open(db, { readOnly: true });
  try {
    return await warehouseFingerprint(warehouse, { imports: false });
  } finally {
    warehouse.close();
  }
}

Deno.test("import killed with SIGKILL at 20 random points: never a partial import, data tests always pass", async () => {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-kill-" });
  try {
    const db = join(dir, "music.duckdb");
    const exportDir = join(dir, "export");
    await Deno.mkdir(exportDir);
    for (const file of generateExtendedHistory({ plays: 40_000, seed: 7 })) {
      await Deno.writeTextFile(join(exportDir, file.name.replaceAll("/", "_")), file.json);
    }
    const first = await importProcess(db, EXPORT_EXTENDED).output();
    assert.equal(first.code, 0, new TextDecoder().decode(first.stderr));
    const before = await fingerprint(db);
    const observed: { delayMs: number; state: string }[] = [];
    let killedMidway = 0;

    // Kill points spread over the import (about 1.2 s here): start-up, reading, building, landing, committing.
    // 20 kill points from a seeded generator (mulberry32), so a failure can be replayed.
    const random = mulberry32(20261122);
    for (let kill = 0; kill < 20; kill++) {
      const delayMs = 100 + Math.floor(random() * 1100);
      const child = importProcess(db, exportDir);
      if (await killAfter(child, delayMs)) killedMidway++;
      await child.stdout.cancel();
      await child.stderr.cancel();
      observed.push({ delayMs, state: await fingerprint(db) });
      assert.deepEqual(await dataTestFailures(db), [], `data tests after a kill at ${delayMs} ms`);
    }
    assert.ok(killedMidway >= 12, `only ${killedMidway} of 20 kills landed before the import finished`);

    const last = await importProcess(db, exportDir).output();
    assert.equal(last.code, 0, new TextDecoder().decode(last.stderr));
    // After every kill the warehouse was as before the import, or as after a complete one (a kill can land
    // after the commit, before the process exits): never anything in between.
    const complete = await fingerprint(db);
    for (const { delayMs, state } of observed) {
      assert.ok(state === before || state === complete, `a partial import after a kill at ${delayMs} ms`);
    }
    const warehouse = await Warehouse.open(db, { readOnly: true });
    try {
      const [row] = await warehouse.rows(
        `select count(*) as plays, count(distinct play_key) as distinct_plays,
                (select count(*) from raw_spotify_extended) as raw_rows,
                (select count(distinct row_hash) from raw_spotify_extended) as distinct_raw_rows
         from fct_play`,
      );
      assert.equal(row.plays, row.distinct_plays);
      assert.equal(row.raw_rows, row.distinct_raw_rows);
      // 10 fixture plays plus the generated history, whose every row is in raw exactly once.
      assert.equal(row.raw_rows, 12 + 40_000);
      assert.ok(Number(row.plays) > 39_000, `only ${row.plays} plays`);
    } finally {
      warehouse.close();
    }
    // Killed imports leave their temp folders; the next import clears them.
    const leftovers = [...Deno.readDirSync(dir)].map((entry) => entry.name).filter((name) =>
      name.startsWith(".import")
    );
    assert.deepEqual(leftovers, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
