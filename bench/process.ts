/**
 * The program as a user starts it: `main.ts` in a new process with the flags and environment of `deno task start`
 * (the server) or `deno task cli` (every other command), its wall time and the kernel's view of its memory (VmRSS
 * now, VmHWM the high-water mark).
 */
import { join } from "node:path";

const root = new URL("../", import.meta.url).pathname;

/**
 * A task of deno.json that runs main.ts (`[NAME=value …] deno run … main.ts [args]`): its environment, and its
 * command line up to main.ts (made absolute).
 */
function mainTask(name: string): { env: Record<string, string>; command: string[] } {
  const task = JSON.parse(Deno.readTextFileSync(join(root, "deno.json"))).tasks[name] as string;
  const words = task.split(" ");
  const env: Record<string, string> = {};
  while (/^[A-Z_]+=/.test(words[0] ?? "")) {
    const [variable, ...value] = words.shift()!.split("=");
    env[variable] = value.join("=");
  }
  const main = words.indexOf("main.ts");
  if (words[0] !== "deno" || words[1] !== "run" || main < 0) {
    throw new Error(`deno.json's ${name} task is not "[NAME=value …] deno run … main.ts …": ${task}`);
  }
  return { env, command: [...words.slice(1, main), join(root, "main.ts")] };
}

const START = mainTask("start");
const CLI = mainTask("cli");

/** The command line of `deno task start`, up to `main.ts` (its `serve` left off). */
export const START_COMMAND: string[] = START.command;

/** The environment `deno task start` sets (the C library's malloc settings). */
export const START_ENV: Record<string, string> = START.env;

/** Runs `main.ts <args>` to its end as `deno task cli <args>` does; throws with its stderr if it fails. */
export async function runMain(args: string[], env: Record<string, string> = {}) {
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: [...CLI.command, ...args],
    env: { ...CLI.env, ...env },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const memory = new MemorySampler(child.pid);
  const output = await child.output();
  memory.stop();
  const wallMs = Math.round(performance.now() - started);
  if (!output.success) {
    throw new Error(`main.ts ${args[0]} failed: ${new TextDecoder().decode(output.stderr)}`);
  }
  return {
    wallMs,
    peakRssMb: memory.peakMb,
    cpu: memory.cpu,
    stdout: new TextDecoder().decode(output.stdout),
  };
}

/** What a process has cost the CPU so far: in its own code, in the kernel for it, and the fresh pages it got. */
export interface CpuUse {
  userS: number;
  kernelS: number;
  /** Minor page faults: pages the kernel handed out without reading a file (mostly fresh, zeroed memory). */
  freshPages: number;
}

/**
 * Samples a process's VmHWM every 5 ms until stopped (or the process ends): its peak resident memory; and its
 * CPU use as of the last sample (within 5 ms of its end).
 */
export class MemorySampler {
  peakMb = 0;
  cpu: CpuUse = { userS: 0, kernelS: 0, freshPages: 0 };
  #timer: ReturnType<typeof setInterval>;

  constructor(pid: number) {
    this.#timer = setInterval(() => {
      const hwm = readStatus(pid, "VmHWM");
      if (hwm !== undefined) this.peakMb = Math.max(this.peakMb, hwm);
      this.cpu = readCpu(pid) ?? this.cpu;
    }, 5);
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

/** A field of /proc/<pid>/status in MB, or undefined once the process is gone. */
export function readStatus(pid: number, field: "VmRSS" | "VmHWM"): number | undefined {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    const kb = new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1];
    return kb === undefined ? undefined : Math.round(Number(kb) / 1024);
  } catch {
    return undefined;
  }
}

/** /proc/<pid>/stat's minflt, utime and stime (in clock ticks of 1/100 s, as on every Linux we run on). */
function readCpu(pid: number): CpuUse | undefined {
  try {
    const fields = Deno.readTextFileSync(`/proc/${pid}/stat`).split(") ")[1].split(" ");
    return {
      freshPages: Number(fields[7]),
      userS: Number(fields[11]) / 100,
      kernelS: Number(fields[12]) / 100,
    };
  } catch {
    return undefined;
  }
}

/** `serve` on `db` as `deno task start` runs it (schedules off, logs quiet), ready when /healthz answers. */
export async function startServer(db: string) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const startedAt = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: [...START_COMMAND, "serve", "--no-schedules", "--db", db, "--port", String(port)],
    env: { ...START_ENV, LOG_LEVEL: "warn" },
    stdout: "null",
    stderr: "null",
  }).spawn();
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0;; i++) {
    const ok = await fetch(`${url}/healthz`).then((r) => (r.body?.cancel(), r.ok), () => false);
    if (ok) break;
    if (i > 600) throw new Error("serve did not answer /healthz within 30 s");
    await sleep(50);
  }
  return {
    url,
    pid: child.pid,
    startedAt,
    rssMb: () => readStatus(child.pid, "VmRSS") ?? 0,
    peakMb: () => readStatus(child.pid, "VmHWM") ?? 0,
    async stop() {
      child.kill();
      await child.status;
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
