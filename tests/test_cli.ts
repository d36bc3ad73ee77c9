/** Runs `main.ts` as a user would: a real process, no .env of the developer's, plain output. */
const MAIN = new URL("../main.ts", import.meta.url).pathname;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env: { NO_COLOR: "1", ENV_FILE: "/dev/null", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { code: output.code, stdout: decoder.decode(output.stdout), stderr: decoder.decode(output.stderr) };
}

/**
 * A `main.ts` process left running (serve, or an import to kill). Its stdout and stderr are discarded, or with
 * `output` piped, for the caller to read with `child.output()` (start reading at once: a full pipe stalls it).
 */
export function spawnMain(
  args: string[],
  env: Record<string, string> = {},
  { output = false }: { output?: boolean } = {},
): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env: { ENV_FILE: "/dev/null", ...env },
    stdout: output ? "piped" : "null",
    stderr: output ? "piped" : "null",
  }).spawn();
}

/** Waits until the server at `origin` answers /healthz (checking every 100 ms, `tries` times); false if never. */
export async function whenServing(origin: string, tries = 200): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    const ready = await fetch(`${origin}/healthz`).then(
      async (r) => (await r.body?.cancel(), r.ok),
      () => false,
    );
    if (ready) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** A port that was free a moment ago (the OS picked it), for a server a test starts in another process. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/**
 * Sends SIGKILL to `child` after `delayMs`. True when the kill cut it short, false when it had already finished
 * successfully.
 */
export async function killAfter(child: Deno.ChildProcess, delayMs: number): Promise<boolean> {
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  try {
    child.kill("SIGKILL");
  } catch { /* it finished already */ }
  return !(await child.status).success;
}
