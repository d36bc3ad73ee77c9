import assert from "node:assert/strict";
import { Logger } from "../../log.ts";
import type { Warehouse } from "../../warehouse/duckdb.ts";
import { clearProblems } from "../../warehouse/state/job_runs.ts";
import { seedConnection } from "../../warehouse/state/spotify_connections.ts";
import { withWarehouse } from "../../tests/test_warehouse.ts";
import { createNotifier } from "./notify.ts";
import { ingestStall, IngestWatch } from "./stall.ts";

const quiet = new Logger({ level: "error", write: () => {} });
const EVERY_HALF_HOUR = "*/30 * * * *";

function webhook() {
  const received: Record<string, unknown>[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (request) => {
    received.push(await request.json());
    return new Response("ok");
  });
  return { received, url: `http://127.0.0.1:${server.addr.port}/hook`, close: () => server.shutdown() };
}

async function succeededIngest(warehouse: Warehouse, at: string): Promise<void> {
  await warehouse.run(
    "insert into job_run values (nextval('job_run_id_seq'), 'ingest', 'schedule', $1::timestamptz, $1::timestamptz + interval 2 second, 'succeeded', 1, null, null)",
    [at],
  );
}

async function connect(warehouse: Warehouse, at: string): Promise<void> {
  await seedConnection(warehouse, "me", "refresh-token");
  await warehouse.run("update spotify_connection set connected_at = $1::timestamptz", [at]);
}

Deno.test("ingestStall() is a stall once three polls in a row were due since the last success", async () => {
  await withWarehouse(async (warehouse) => {
    const at = (time: string) => ({ schedule: EVERY_HALF_HOUR, now: new Date(`2026-12-01T${time}Z`) });
    // No account connected: nothing is polled, nothing can stall.
    assert.equal(await ingestStall(warehouse, at("23:00")), undefined);
    await connect(warehouse, "2026-12-01T09:00:00Z");
    // Never a successful poll: counted from the connection (polls due 09:30, 10:00, 10:30).
    assert.equal(await ingestStall(warehouse, at("10:29")), undefined);
    assert.deepEqual(await ingestStall(warehouse, at("10:31")), { since: new Date("2026-12-01T09:00:00Z") });
    await succeededIngest(warehouse, "2026-12-01T10:00:00Z");
    // 10:30, 11:00 and 11:30 missed only by 11:30; at 11:29 two were missed.
    assert.equal(await ingestStall(warehouse, at("11:29")), undefined);
    assert.deepEqual(await ingestStall(warehouse, at("11:30:30")), {
      since: new Date("2026-12-01T10:00:00Z"),
    });
    // A daily schedule stalls after three days.
    assert.equal(
      await ingestStall(warehouse, { schedule: "0 6 * * *", now: new Date("2026-12-03T12:00:00Z") }),
      undefined,
    );
    assert.ok(await ingestStall(warehouse, { schedule: "0 6 * * *", now: new Date("2026-12-04T06:01:00Z") }));
  });
});

Deno.test("IngestWatch sends one notice per stall to NOTIFY_URL, and again after polling recovered", async () => {
  const hook = webhook();
  try {
    await withWarehouse(async (warehouse) => {
      await connect(warehouse, "2026-12-01T09:00:00Z");
      await succeededIngest(warehouse, "2026-12-01T10:00:00Z");
      let now = new Date("2026-12-01T11:00:00Z");
      let schedule: string | undefined = EVERY_HALF_HOUR;
      const watch = new IngestWatch({
        session: () => warehouse.session(),
        schedule: () => schedule,
        notify: createNotifier(hook.url),
        logger: quiet,
        now: () => now,
      });
      assert.equal(await watch.check(), false);
      now = new Date("2026-12-01T11:31:00Z");
      assert.equal(await watch.check(), true);
      assert.equal(await watch.check(), true);
      assert.equal(watch.stalled, true);
      assert.equal(hook.received.length, 1, "one notice per stall");
      assert.equal(hook.received[0].title, "Music Tracker: ingest stalled");
      assert.equal(hook.received[0].status, "stalled");
      assert.match(String(hook.received[0].message), /no poll succeeded since 2026-12-01T10:00:00\.000Z/);

      // A poll succeeds (the runner clears the job's problems), then polling stops again.
      await succeededIngest(warehouse, "2026-12-01T11:35:00Z");
      await clearProblems(warehouse, "ingest");
      now = new Date("2026-12-01T11:40:00Z");
      assert.equal(await watch.check(), false);
      now = new Date("2026-12-01T13:01:00Z");
      assert.equal(await watch.check(), true);
      assert.equal(hook.received.length, 2);

      // Without Spotify configured nothing is polled: no stall.
      schedule = undefined;
      assert.equal(await watch.check(), false);
      assert.equal(hook.received.length, 2);
    });
  } finally {
    await hook.close();
  }
});
