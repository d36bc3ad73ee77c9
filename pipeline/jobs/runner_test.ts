import assert from "node:assert/strict";
import { Logger } from "../../log.ts";
import type { Warehouse } from "../../warehouse/duckdb.ts";
import { jobRuns } from "../../warehouse/state/job_runs.ts";
import { heldInMemory, withWarehouse } from "../../tests/test_warehouse.ts";
import { changedNothing, type Job, JobRunner, TransientError } from "./runner.ts";
import { createNotifier } from "./notify.ts";

const quiet = new Logger({ write: () => {}, format: "json" });

/** A real webhook on loopback that records what it is sent. */
function webhook() {
  const received: Record<string, unknown>[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (request) => {
    received.push(await request.json());
    return new Response("ok");
  });
  return { received, url: `http://127.0.0.1:${server.addr.port}/hook`, close: () => server.shutdown() };
}

function runnerFor(warehouse: Warehouse, options: Partial<ConstructorParameters<typeof JobRunner>[0]> = {}) {
  return new JobRunner({ session: () => warehouse.session(), logger: quiet, ...options });
}

Deno.test("JobRunner records a successful run with its counts", async () => {
  await withWarehouse(async (warehouse) => {
    const result = await runnerFor(warehouse).run(
      { name: "count", run: () => Promise.resolve({ plays: 7 }) },
      "cli",
    );
    assert.equal(result.status, "succeeded");
    const [run] = await jobRuns(warehouse);
    assert.deepEqual(
      { job: run.job, trigger: run.trigger, status: run.status, attempts: run.attempts, counts: run.counts },
      { job: "count", trigger: "cli", status: "succeeded", attempts: 1, counts: { plays: 7 } },
    );
    assert.ok(run.finishedAt && run.finishedAt >= run.startedAt);
  });
});

Deno.test("JobRunner: a job runs on the working memory and threads; the last gives its memory back, its writes checkpointed", async () => {
  await withWarehouse(async (warehouse) => {
    await warehouse.run("checkpoint");
    const runner = runnerFor(warehouse, {
      resources: { working: { memoryLimit: "160MB", threads: 2 }, idle: { memoryLimit: "64MB", threads: 1 } },
    });
    let during = 0;
    let settingsDuring: unknown[] = [];
    const settings = (on: Warehouse) =>
      on.rows(
        "select current_setting('memory_limit') as memory_limit, current_setting('threads') as threads",
      );
    const result = await runner.run({
      name: "write",
      async run({ warehouse: session }) {
        await session.run(
          "create table written as select range as n, repeat('x', 50) as text from range(100000)",
        );
        during = await heldInMemory(warehouse);
        settingsDuring = await settings(warehouse);
        return {};
      },
    }, "cli");
    assert.equal(result.status, "succeeded");
    // The database's settings: the pages' connection sees the job's.
    assert.deepEqual(settingsDuring, [{ memory_limit: "152.5 MiB", threads: 2 }]);
    assert.deepEqual(await settings(warehouse), [{ memory_limit: "61.0 MiB", threads: 1 }]);
    // Committed, the table stays in memory until a checkpoint: no memory limit can evict it.
    assert.ok(during > 1_000_000, `${during} bytes held while the job ran`);
    assert.equal(await heldInMemory(warehouse), 0);
    assert.equal(await warehouse.value<number>("select count(*) from written"), 100_000);
  });
});

Deno.test("JobRunner.withWorkingResources: work beside the jobs gets their resources; the last of it or them lowers", async () => {
  await withWarehouse(async (warehouse) => {
    const runner = runnerFor(warehouse, {
      resources: { working: { memoryLimit: "160MB", threads: 2 }, idle: { memoryLimit: "64MB", threads: 1 } },
    });
    const settings = async () =>
      (await warehouse.rows<{ limit: string; threads: number }>(
        "select current_setting('memory_limit') as limit, current_setting('threads') as threads",
      ))[0];
    const working = { limit: "152.5 MiB", threads: 2 };
    const idle = { limit: "61.0 MiB", threads: 1 };
    await warehouse.lowerResources({ memoryLimit: "64MB", threads: 1 });
    // Alone: raised for it, lowered after it.
    assert.deepEqual(await runner.withWorkingResources(warehouse, settings), working);
    assert.deepEqual(await settings(), idle);
    // A job that ends while the work still runs leaves the resources to it; the work lowers them at its end.
    let endWork = () => {};
    const work = runner.withWorkingResources(
      warehouse,
      () => new Promise<void>((resolve) => endWork = resolve),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(
      (await runner.run({ name: "short", run: () => Promise.resolve({}) }, "cli")).status,
      "succeeded",
    );
    assert.deepEqual(await settings(), working);
    endWork();
    await work;
    assert.deepEqual(await settings(), idle);
    // Work that ends while a job runs leaves them raised; the job lowers them at its end.
    let endJob = () => {};
    let jobStarted = () => {};
    const started = new Promise<void>((resolve) => jobStarted = resolve);
    const job = runner.run({
      name: "long",
      run: () => (jobStarted(), new Promise<Record<string, number>>((resolve) => endJob = () => resolve({}))),
    }, "cli");
    await started;
    await runner.withWorkingResources(warehouse, () => Promise.resolve());
    assert.deepEqual(await settings(), working);
    endJob();
    assert.equal((await job).status, "succeeded");
    assert.deepEqual(await settings(), idle);
  });
});

Deno.test("JobRunner retries transient failures with doubling waits, and not other failures", async () => {
  await withWarehouse(async (warehouse) => {
    const waits: number[] = [];
    const runner = runnerFor(warehouse, {
      backoffMs: 1000,
      retries: 3,
      sleep: (ms) => (waits.push(ms), Promise.resolve()),
    });
    let calls = 0;
    const flaky: Job = {
      name: "flaky",
      run: () =>
        ++calls < 3 ? Promise.reject(new TransientError(`503 on call ${calls}`)) : Promise.resolve({ ok: 1 }),
    };
    assert.equal((await runner.run(flaky, "schedule")).status, "succeeded");
    assert.deepEqual(waits, [1000, 2000]);
    assert.equal((await jobRuns(warehouse))[0].attempts, 3);

    const broken: Job = { name: "broken", run: () => Promise.reject(new Error("bad data")) };
    const result = await runner.run(broken, "schedule");
    assert.deepEqual([result.status, result.error], ["failed", "bad data"]);
    assert.deepEqual(waits, [1000, 2000]); // no retry for a non-transient error

    const hopeless: Job = { name: "hopeless", run: () => Promise.reject(new TransientError("timeout")) };
    await runner.run(hopeless, "schedule");
    assert.deepEqual(waits, [1000, 2000, 1000, 2000, 4000]);
    const [run] = await jobRuns(warehouse);
    assert.deepEqual([run.job, run.status, run.attempts, run.error], ["hopeless", "failed", 4, "timeout"]);
  });
});

Deno.test("JobRunner never runs a job twice at once", async () => {
  await withWarehouse(async (warehouse) => {
    const runner = runnerFor(warehouse);
    let release!: () => void;
    const slow: Job = { name: "slow", run: () => new Promise<void>((resolve) => release = resolve) };
    const first = runner.run(slow, "schedule");
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(runner.isRunning("slow"), true);
    const second = await runner.run(slow, "startup");
    assert.deepEqual(second, { status: "skipped", error: "the previous run is still going" });
    release();
    assert.equal((await first).status, "succeeded");
    assert.equal((await jobRuns(warehouse)).length, 1);
  });
});

Deno.test("JobRunner skips jobs while there is no warehouse of the user's own", async () => {
  const runner = new JobRunner({ session: () => Promise.resolve(undefined), logger: quiet });
  let ran = false;
  const result = await runner.run({ name: "etl", run: () => Promise.resolve(void (ran = true)) }, "schedule");
  assert.deepEqual([result.status, ran], ["skipped", false]);
});

Deno.test("a failing job notifies NOTIFY_URL once per problem, again after it recovered", async () => {
  const hook = webhook();
  try {
    await withWarehouse(async (warehouse) => {
      const runner = runnerFor(warehouse, { notify: createNotifier(hook.url) });
      let failing = true;
      const job: Job = {
        name: "etl",
        run: () => failing ? Promise.reject(new Error("disk full")) : Promise.resolve(),
      };
      await runner.run(job, "schedule");
      await runner.run(job, "schedule");
      assert.equal(hook.received.length, 1);
      assert.deepEqual(
        { ...hook.received[0], time: typeof hook.received[0].time },
        {
          title: "Music Tracker: etl failed",
          message: "disk full",
          job: "etl",
          status: "failed",
          priority: 5,
          time: "string",
        },
      );
      failing = false;
      await runner.run(job, "schedule");
      failing = true;
      await runner.run(job, "schedule");
      assert.equal(hook.received.length, 2);
    });
  } finally {
    await hook.close();
  }
});

Deno.test("JobRunner.whenIdle waits out the jobs running and queued, and gives up at its deadline", async () => {
  await withWarehouse(async (warehouse) => {
    const runner = runnerFor(warehouse);
    const versions = [runner.version];
    let release = () => {};
    const held = new Promise<void>((resolve) => release = resolve);
    const first = runner.run({ name: "held", run: () => held }, "cli");
    const second = runner.run({ name: "after", run: () => Promise.resolve() }, "cli");
    versions.push(runner.version);
    assert.equal(await runner.whenIdle(50), false); // still held: refused at the deadline
    setTimeout(release, 20);
    assert.equal(await runner.whenIdle(5_000), true); // both ended, the queued one too
    await Promise.all([first, second]);
    versions.push(runner.version);
    // Each run's start and end moved the version: 0, then 2 started, then 2 ended.
    assert.deepEqual(versions, [0, 2, 4]);
    assert.equal(runner.busy, false);
  });
});

Deno.test("changedNothing: only a run that says it added and removed no plays leaves the pages cached", () => {
  assert.equal(changedNothing({ status: "succeeded", counts: { newPlays: 0 } }), true);
  assert.equal(changedNothing({ status: "succeeded", counts: { newPlays: 0, removedPlays: 0 } }), true);
  assert.equal(changedNothing({ status: "succeeded", counts: { newPlays: 0, removedPlays: 1 } }), false);
  assert.equal(changedNothing({ status: "succeeded", counts: { newPlays: 3 } }), false);
  assert.equal(changedNothing({ status: "succeeded", counts: { newPlays: 0, gaps: 1 } }), false); // an alert
  assert.equal(changedNothing({ status: "succeeded", counts: { rows: 0 } }), false); // a build, an enrichment
  assert.equal(changedNothing({ status: "failed", counts: { newPlays: 0 } }), false);
});
