import assert from "node:assert/strict";
import { join } from "node:path";
import { Logger } from "../../log.ts";
import { Warehouse } from "../../warehouse/duckdb.ts";
import { finishRun, jobRuns, startRun } from "../../warehouse/state/job_runs.ts";
import { UTC_SETTINGS, withWarehouse } from "../../tests/test_warehouse.ts";
import { generateExtendedHistory } from "../demo/history/mod.ts";
import { killAfter, spawnMain } from "../../tests/test_cli.ts";
import { etlJob } from "./etl.ts";
import { type Job, JobRunner } from "./runner.ts";
import { registerSchedules, startSchedules } from "./schedules.ts";

const quiet = new Logger({ write: () => {}, format: "json" });

async function countPlays(db: string): Promise<number> {
  const warehouse = await Warehouse.open(db, { readOnly: true });
  try {
    return await warehouse.value<number>("select count(*) from fct_play");
  } finally {
    warehouse.close();
  }
}

async function countRunning(db: string): Promise<number> {
  const warehouse = await Warehouse.open(db, { readOnly: true });
  try {
    return await warehouse.value<number>(
      "select count(*) from job_run where job = 'etl' and status = 'running'",
    );
  } finally {
    warehouse.close();
  }
}

Deno.test("startSchedules() registers every job and runs it when its cron fires", async () => {
  await withWarehouse(async (warehouse) => {
    const registered = new Map<string, { schedule: string; handler: () => Promise<void> }>();
    const session = () => warehouse.session();
    const runner = new JobRunner({ session, logger: quiet });
    let runs = 0;
    const job: Job = { name: "tick", run: () => Promise.resolve({ run: ++runs }) };
    // Due at 10:30, and it succeeded at 10:31: nothing to make up.
    const id = await startRun(warehouse, "tick", "schedule");
    await finishRun(warehouse, id, { status: "succeeded" });
    await warehouse.run("update job_run set started_at = '2026-11-22 10:31:00+00'");
    const catchUp = await startSchedules([{ job, schedule: "*/30 * * * *" }], {
      runner,
      session,
      logger: quiet,
      cron: (name, schedule, handler) => registered.set(name, { schedule, handler }),
      now: () => new Date("2026-11-22T10:47:00Z"),
    });
    assert.equal(catchUp.length, 0);
    assert.deepEqual([...registered.keys()], ["music-tracker tick"]);
    assert.equal(registered.get("music-tracker tick")!.schedule, "*/30 * * * *");
    await registered.get("music-tracker tick")!.handler();
    await registered.get("music-tracker tick")!.handler();
    assert.equal(runs, 2);
    assert.deepEqual((await jobRuns(warehouse)).map((run) => run.trigger), [
      "schedule",
      "schedule",
      "schedule",
    ]);
  });
});

Deno.test("startSchedules() makes up a run missed while the server was off, once", async () => {
  await withWarehouse(async (warehouse) => {
    const session = () => warehouse.session();
    const runner = new JobRunner({ session, logger: quiet });
    const id = await startRun(warehouse, "etl", "schedule");
    await finishRun(warehouse, id, { status: "succeeded" });
    await warehouse.run("update job_run set started_at = '2026-11-20 02:00:00+00'"); // two nights ago
    const catchUp = await startSchedules([{ job: etlJob(UTC_SETTINGS), schedule: "0 2 * * *" }], {
      runner,
      session,
      logger: quiet,
      cron: () => {},
      now: () => new Date("2026-11-22T09:00:00Z"),
    });
    assert.equal(catchUp.length, 1);
    await Promise.all(catchUp);
    const [latest] = await jobRuns(warehouse);
    assert.deepEqual([latest.job, latest.trigger, latest.status], ["etl", "startup", "succeeded"]);
  });
});

Deno.test("a build killed mid-way shows as failed at the next start and re-runs cleanly", async () => {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-killed-job-" });
  const db = join(dir, "music.duckdb");
  const main = new URL("../../main.ts", import.meta.url).pathname;
  try {
    const exportDir = join(dir, "export");
    await Deno.mkdir(exportDir);
    for (const file of generateExtendedHistory({ plays: 60_000, seed: 3 })) {
      await Deno.writeTextFile(join(exportDir, file.name.replaceAll("/", "_")), file.json);
    }
    const imported = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", main, "import", "--db", db, exportDir],
      stdout: "null",
      stderr: "null",
    }).output();
    assert.equal(imported.code, 0);
    const plays = await countPlays(db);
    // Kill builds until one dies after its run was recorded as running (before the build's transaction).
    let running = 0;
    for (let delayMs = 350; delayMs < 2000 && running === 0; delayMs += 50) {
      if (!(await killAfter(spawnMain(["build", "--db", db]), delayMs))) continue;
      running = await countRunning(db);
    }
    assert.equal(running, 1, "no build was killed while running");
    const warehouse = await Warehouse.open(db);
    try {
      const session = () => warehouse.session();
      const runner = new JobRunner({ session, logger: quiet });
      const catchUp = await startSchedules([{ job: etlJob(UTC_SETTINGS), schedule: "0 2 * * *" }], {
        runner,
        session,
        logger: quiet,
        cron: () => {},
      });
      await Promise.all(catchUp);
      const etl = (await jobRuns(warehouse)).filter((run) => run.job === "etl");
      assert.deepEqual(etl.map((run) => run.status), ["succeeded", "failed"]);
      assert.equal(etl[0].trigger, "startup");
      assert.equal(etl[1].error, "interrupted: the process stopped before the job finished");
      assert.equal(await warehouse.value("select count(*) from fct_play"), plays);
    } finally {
      warehouse.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("registerSchedules() registers again with new schedules once the earlier signal is aborted", () => {
  // Deno.cron itself: a second cron of the same name is refused unless the first one's signal was aborted.
  const first = new AbortController();
  const job: Job = { name: "tick", run: () => Promise.resolve() };
  const runner = new JobRunner({ session: () => Promise.resolve(undefined), logger: quiet });
  registerSchedules([{ job, schedule: "*/30 * * * *" }], { runner, logger: quiet, signal: first.signal });
  first.abort();
  const second = new AbortController();
  registerSchedules([{ job, schedule: "*/5 * * * *" }], { runner, logger: quiet, signal: second.signal });
  second.abort();

  const seen: { schedule: string; aborted: boolean | undefined }[] = [];
  const signal = new AbortController();
  registerSchedules([{ job, schedule: "0 3 * * *" }], {
    runner,
    logger: quiet,
    signal: signal.signal,
    cron: (_name, schedule, _handler, given) => seen.push({ schedule, aborted: given?.aborted }),
  });
  assert.deepEqual(seen, [{ schedule: "0 3 * * *", aborted: false }]);
});
