/**
 * `deno task compile [--target <triple>] [--output <file>] [--print]`: Music Tracker as one self-contained
 * executable for Linux on x64 or arm64 (default: this machine's).
 *
 * `--self-extracting` because the DuckDB addon loads its sibling libduckdb.so at run time; explicit `--allow-*`
 * flags, `--include sql` (read at run time), and the cron API. Deno installs both the glibc and the musl build
 * of the DuckDB bindings (~70 MB each) for this machine's architecture; the binary needs the glibc one, so the
 * musl package of the target's architecture is excluded. The addon is installed for this machine only, so a
 * binary for another architecture is refused here: build it on such a machine (the release workflow runs one per
 * architecture). `--print` prints the command instead of running it (tests/release_test.ts reads it).
 */
import { parseArgs } from "node:util";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The targets a release is built for, and the architecture npm names their packages by. */
export const TARGETS = {
  "x86_64-unknown-linux-gnu": "x64",
  "aarch64-unknown-linux-gnu": "arm64",
} as const;
export type Target = keyof typeof TARGETS;

/** What the binary may do: files, environment, the DuckDB addon (FFI), the network, system facts (memory). */
export const PERMISSIONS = [
  "--allow-read",
  "--allow-write",
  "--allow-env",
  "--allow-ffi",
  "--allow-net",
  "--allow-sys",
];

/** This machine's target. */
export function hostTarget(): Target {
  const target = `${Deno.build.arch}-unknown-linux-gnu`;
  if (Deno.build.os !== "linux" || !(target in TARGETS)) {
    throw new Error(`Releases are built on Linux x64 or arm64, not ${Deno.build.os} ${Deno.build.arch}`);
  }
  return target as Target;
}

/** The version of the DuckDB bindings deno.lock pins (the excluded folder carries it in its name). */
export function bindingsVersion(lock = readFileSync(`${ROOT}deno.lock`, "utf8")): string {
  const packages = Object.keys((JSON.parse(lock) as { npm?: Record<string, unknown> }).npm ?? {});
  const found = packages.map((name) => /^@duckdb\/node-bindings@(.+)$/.exec(name)?.[1]).find(Boolean);
  if (!found) throw new Error("deno.lock pins no @duckdb/node-bindings");
  return found;
}

/** The folder of one DuckDB bindings package in node_modules (`libc` musl or glibc). */
export function bindingsFolder(target: Target, libc: "glibc" | "musl", version = bindingsVersion()): string {
  return `node_modules/.deno/@duckdb+node-bindings-linux-${TARGETS[target]}${
    libc === "musl" ? "-musl" : ""
  }@${version}`;
}

/** The `deno compile` command line for `target`, writing `output`. */
export function compileCommand(
  { target = hostTarget(), output = "dist/music-tracker" }: { target?: Target; output?: string } = {},
): string[] {
  return [
    "deno",
    "compile",
    "--frozen",
    "--self-extracting",
    "--unstable-cron",
    "--v8-flags=--max-semi-space-size=1,--heap-growing-percent=10",
    ...PERMISSIONS,
    "--include",
    "sql",
    "--exclude",
    bindingsFolder(target, "musl"),
    "--target",
    target,
    "--output",
    output,
    "main.ts",
  ];
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { target: { type: "string" }, output: { type: "string" }, print: { type: "boolean" } },
  });
  if (values.target !== undefined && !(values.target in TARGETS)) {
    console.error(
      `error: --target must be one of ${Object.keys(TARGETS).join(", ")}, got "${values.target}"`,
    );
    Deno.exit(2);
  }
  const target = (values.target ?? hostTarget()) as Target;
  const command = compileCommand({ target, output: values.output });
  if (values.print) {
    console.log(command.join(" "));
    Deno.exit(0);
  }
  if (target !== hostTarget() || !existsSync(`${ROOT}${bindingsFolder(target, "glibc")}`)) {
    console.error(
      `error: ${target} needs the DuckDB addon for ${TARGETS[target]}, which deno install puts in ` +
        `node_modules only on an ${TARGETS[target]} machine: build it on one (this is ${hostTarget()})`,
    );
    Deno.exit(1);
  }
  const [program, ...args] = command;
  const { code } = await new Deno.Command(program === "deno" ? Deno.execPath() : program, {
    args,
    cwd: ROOT,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  Deno.exit(code);
}
