/**
 * `deno run -A bench/listens_burst.ts`: the ListenBrainz-compatible API under a burst, on a real `serve` process
 * over loopback, with a history of --plays plays (default 100,000) already in the warehouse:
 * 1. one `import` request of 1,000 listens: its answer time, and the time until all 1,000 are queryable (the
 *    listen-count read says so, i.e. they are in fct_play);
 * 2. 50 concurrent `single` requests from one token: requests per second, and time until queryable;
 * 3. the server's own ceiling: 500 singles from 10 tokens (ListenBrainz's limit is 50 per token per 10 s), 50 at a
 *    time: requests per second;
 * and the server's resident memory before and after. Figures depend on the machine (printed with them), which
 * other work may share.
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { machineLine } from "./timing.ts";
import { benchZip, OUT_DIR } from "./bench_input.ts";
import { runMain, START_COMMAND, START_ENV } from "./process.ts";

const { values } = parseArgs({ args: Deno.args, options: { plays: { type: "string", default: "100000" } } });
const plays = Number(values.plays);
const T0 = 1_760_000_000;

/** A command run as `deno task cli` runs it (runMain throws with its stderr when it fails), without a .env. */
function cli(args: string[]) {
  return runMain(args, { ENV_FILE: "/dev/null", LOG_LEVEL: "warn" });
}

function listen(n: number, prefix: string) {
  return {
    listened_at: T0 + n * 240,
    track_metadata: {
      artist_name: `Burst Artist ${n % 37}`,
      track_name: `${prefix} ${n}`,
      release_name: `Burst Album ${n % 11}`,
      additional_info: { duration_ms: 180_000 + n, submission_client: "bench" },
    },
  };
}

function rssMb(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

await Deno.mkdir(OUT_DIR, { recursive: true });
const dir = await Deno.makeTempDir({ dir: OUT_DIR, prefix: "burst-" });
const db = join(dir, "burst.duckdb");
const port = 18_000 + Math.floor(Math.random() * 1000);
const url = `http://127.0.0.1:${port}`;
console.log(machineLine());
try {
  if (plays > 0) {
    const zip = await benchZip(plays);
    await cli(["import", "--db", db, zip]);
  }
  const tokens: string[] = [];
  // 0: the import; 1: the 50 singles; 2-11: the ceiling; 12-15: the reads that watch for queryable plays.
  for (let i = 0; i < 16; i++) {
    const made = await cli(["tokens", "create", "--db", db, "--user", "me"]);
    tokens.push(made.stdout.trim());
  }
  const server = new Deno.Command(Deno.execPath(), {
    args: [...START_COMMAND, "serve", "--no-schedules", "--db", db],
    env: { ...START_ENV, ENV_FILE: "/dev/null", LOG_LEVEL: "warn", PORT: String(port) },
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  try {
    for (let i = 0;; i++) {
      try {
        const health = await fetch(`${url}/healthz`);
        await health.body?.cancel();
        if (health.ok) break;
      } catch { /* not yet */ }
      if (i > 300) throw new Error("the server did not start");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    let reads = 0;
    const count = async () => {
      // Four tokens in turn, every 25 ms: 10 reads a second each, within the limit of 50 per 10 s.
      const response = await fetch(`${url}/apis/listenbrainz/1/user/me/listen-count`, {
        headers: { authorization: `Token ${tokens[12 + (reads++ % 4)]}` },
      });
      return (await response.json()).payload.count as number;
    };
    const submit = async (token: string, body: unknown) => {
      const response = await fetch(`${url}/apis/listenbrainz/1/submit-listens`, {
        method: "POST",
        headers: { authorization: `Token ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      await response.body?.cancel();
      if (response.status !== 200) throw new Error(`submit answered ${response.status}`);
    };
    const until = async (wanted: number, since: number) => {
      while (await count() < wanted) await new Promise((resolve) => setTimeout(resolve, 25));
      return performance.now() - since;
    };
    // Lose and double nothing (issue 15): a second later the count is still exactly what was sent.
    const exactly = async (wanted: number) => {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const found = await count();
      return found === wanted
        ? "none lost or doubled"
        : `WRONG: ${found - before} plays for ${wanted - before}`;
    };
    const before = await count();
    console.log(
      `History: ${before.toLocaleString("en-US")} plays; server RSS ${rssMb(server.pid)} MB at rest`,
    );

    let started = performance.now();
    await submit(tokens[0], {
      listen_type: "import",
      payload: Array.from({ length: 1000 }, (_, i) => listen(i, "Import")),
    });
    const answered = performance.now() - started;
    const queryable = await until(before + 1000, started);
    console.log(
      `1 import of 1,000 listens: answered in ${answered.toFixed(0)} ms; all queryable after ${
        queryable.toFixed(0)
      } ms (goal: ≤ 1,000 ms, issue 14's for the incremental path); ${await exactly(before + 1000)}`,
    );

    started = performance.now();
    await Promise.all(
      Array.from(
        { length: 50 },
        (_, i) => submit(tokens[1], { listen_type: "single", payload: [listen(5000 + i, "Single")] }),
      ),
    );
    const burst = performance.now() - started;
    const burstQueryable = await until(before + 1050, started);
    console.log(
      `50 concurrent singles: ${(50 / (burst / 1000)).toFixed(0)} requests/s (${
        burst.toFixed(0)
      } ms for all 50); ` +
        `all queryable after ${burstQueryable.toFixed(0)} ms (goal: ≤ 1,000 ms); ${await exactly(
          before + 1050,
        )}`,
    );

    started = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: 50 }, async () => {
      for (let n = next++; n < 500; n = next++) {
        await submit(tokens[2 + (n % 10)], {
          listen_type: "single",
          payload: [listen(10_000 + n, "Ceiling")],
        });
      }
    }));
    const ceiling = performance.now() - started;
    const ceilingQueryable = await until(before + 1550, started);
    console.log(
      `500 singles from 10 tokens, 50 at a time: ${(500 / (ceiling / 1000)).toFixed(0)} requests/s; ` +
        `all queryable after ${ceilingQueryable.toFixed(0)} ms; ${await exactly(before + 1550)}`,
    );
    console.log(
      "(a player needs at most 5 requests/s: ListenBrainz's limit of 50 per token per 10 s, which this server keeps)",
    );
    console.log(`Server RSS after the bursts: ${rssMb(server.pid)} MB (goal: ≤ 200 MB while busy, issue 14)`);
  } finally {
    server.kill("SIGTERM");
    await server.status;
  }
} finally {
  await Deno.remove(dir, { recursive: true });
}
