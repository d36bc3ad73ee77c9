/**
 * The release workflow (.github/workflows/release.yml) cannot run here (`deno compile` downloads its base
 * runtime; no forge runs it): it is parsed as YAML, and its commands are checked against what they name in this
 * repository: deno.json's tasks, .ci/run's Deno version, .ci/compile.ts's targets and command line, and
 * .ci/smoke, which runs here against `deno run -A main.ts` as the workflow runs it against each binary.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { bindingsFolder, compileCommand, PERMISSIONS, TARGETS } from "../.ci/compile.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  "runs-on": string;
  needs?: string | string[];
  strategy?: { matrix: { include: Record<string, string>[] } };
  permissions?: Record<string, string>;
  steps: Step[];
}

const workflow = parse(read(".github/workflows/release.yml")) as {
  on: { push: { tags: string[] } };
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
};
const binary = workflow.jobs.binary;
const release = workflow.jobs.release;
const matrix = binary.strategy!.matrix.include;
/** A step's command with the matrix filled in for one entry. */
const command = (step: Step, entry: Record<string, string>) =>
  (step.run ?? "").replace(/\$\{\{\s*matrix\.(\w+)\s*\}\}/g, (_, key) => entry[key]);
const runStep = (pattern: RegExp) => binary.steps.findIndex((step) => pattern.test(step.run ?? ""));

Deno.test("release.yml: on a tag, one binary job per target of .ci/compile.ts, each on its own architecture", () => {
  assert.deepEqual(workflow.on.push.tags, ["v*"]);
  assert.deepEqual(matrix.map((entry) => entry.target).sort(), Object.keys(TARGETS).sort());
  for (const entry of matrix) {
    const arch = TARGETS[entry.target as keyof typeof TARGETS];
    // The DuckDB addon in node_modules is the build machine's: an arm64 binary is built on an arm64 runner.
    assert.equal(/-arm$/.test(entry.runner), arch === "arm64", `${entry.target} runs on ${entry.runner}`);
    assert.equal(entry.file, `music-tracker-linux-${arch}`);
  }
  assert.equal(binary["runs-on"], "${{ matrix.runner }}");
});

Deno.test("release.yml: the Deno of .ci/run, the locked install, then deno.json's compile task, smoke test, upload", () => {
  const ciVersion = /^DENO_VERSION=["']?([^"'\s]+)/m.exec(read(".ci/run"))?.[1];
  const setup = binary.steps.find((step) => step.uses?.startsWith("denoland/setup-deno@"));
  assert.equal(
    setup?.with?.["deno-version"],
    ciVersion,
    "the workflow's Deno is not the one .ci/run installs",
  );
  const install = runStep(/^deno install --frozen$/);
  const compile = runStep(/^deno task compile /);
  const smoke = runStep(/^\.ci\/smoke /);
  const upload = binary.steps.findIndex((step) => step.uses?.startsWith("actions/upload-artifact@"));
  assert.ok(install >= 0 && install < compile && compile < smoke && smoke < upload, "steps out of order");

  const tasks = JSON.parse(read("deno.json")).tasks as Record<string, string>;
  assert.match(tasks.compile, /\.ci\/compile\.ts$/);
  for (const entry of matrix) {
    const args = command(binary.steps[compile], entry).split(/\s+/).slice(3);
    const target = args[args.indexOf("--target") + 1];
    const output = args[args.indexOf("--output") + 1];
    assert.equal(target, entry.target);
    assert.equal(output, `dist/${entry.file}`);
    // What the task then runs: the flags the binary needs, and the musl package of this target left out.
    const compiled = compileCommand({ target: entry.target as keyof typeof TARGETS, output });
    for (const flag of ["--frozen", "--self-extracting", "--unstable-cron", ...PERMISSIONS]) {
      assert.ok(compiled.includes(flag), `${entry.target}: ${flag}`);
    }
    assert.equal(compiled[compiled.indexOf("--exclude") + 1], bindingsFolder(entry.target as never, "musl"));
    assert.match(
      compiled[compiled.indexOf("--exclude") + 1],
      new RegExp(`linux-${TARGETS[entry.target as keyof typeof TARGETS]}-musl@`),
    );
    assert.equal(compiled[compiled.indexOf("--output") + 1], output);
    assert.equal(command(binary.steps[smoke], entry), `.ci/smoke ${output}`);
    assert.equal(binary.steps[upload].with?.path, "dist/${{ matrix.file }}");
  }
  // The pinned bindings are the ones deno.lock has, for both architectures.
  const lock = read("deno.lock");
  for (const target of Object.keys(TARGETS) as (keyof typeof TARGETS)[]) {
    const name = bindingsFolder(target, "musl").replace("node_modules/.deno/", "").replace("+", "/");
    assert.ok(lock.includes(`"${name}"`), `deno.lock has no ${name}`);
  }
});

Deno.test("release.yml: the release job attaches every binary and its checksums, and alone may write", () => {
  assert.equal(workflow.permissions?.contents, "read");
  assert.equal(release.needs, "binary");
  assert.equal(release.permissions?.contents, "write");
  const download = release.steps.find((step) => step.uses?.startsWith("actions/download-artifact@"));
  assert.equal(download?.with?.path, "dist");
  assert.equal(download?.with?.["merge-multiple"], true);
  const script = release.steps.map((step) => step.run ?? "").join("\n");
  assert.match(script, /sha256sum music-tracker-\* > SHA256SUMS/);
  assert.match(script, /gh release create "\$GITHUB_REF_NAME" dist\/music-tracker-\* dist\/SHA256SUMS/);
});

Deno.test("the compile task refuses a target whose DuckDB addon this machine does not have", async () => {
  const other = Deno.build.arch === "x86_64" ? "aarch64-unknown-linux-gnu" : "x86_64-unknown-linux-gnu";
  const run = (args: string[]) =>
    new Deno.Command(Deno.execPath(), {
      args: ["task", "--quiet", "compile", ...args],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
  const refused = await run(["--target", other]);
  assert.equal(refused.code, 1);
  assert.match(new TextDecoder().decode(refused.stderr), /build it on one/);
  const wrong = await run(["--target", "x86_64-pc-windows-msvc", "--print"]);
  assert.equal(wrong.code, 2);
  const printed = await run(["--print"]);
  assert.equal(new TextDecoder().decode(printed.stdout).trim(), compileCommand().join(" "));
});

Deno.test({
  name: ".ci/smoke passes against the program run by deno, as the workflow runs it against each binary",
  sanitizeResources: false,
}, async () => {
  const smoke = join(ROOT, ".ci/smoke");
  assert.ok(existsSync(smoke) && (statSync(smoke).mode & 0o111) !== 0, ".ci/smoke is not executable");
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const output = await new Deno.Command(smoke, {
    args: [Deno.execPath(), "run", "-A", "main.ts"],
    cwd: ROOT,
    env: { SMOKE_PORT: String(port), NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(output.stdout);
  assert.equal(output.code, 0, text + new TextDecoder().decode(output.stderr));
  assert.match(text, /smoke test passed/);
});
