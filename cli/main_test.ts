import assert from "node:assert/strict";
import { main } from "./main.ts";
import { COMMANDS, usage } from "./mod.ts";

/** Runs `main()` in this process and collects what it prints; no command runs past parsing in these tests. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const { log, error } = console;
  console.log = (...parts: unknown[]) => stdout.push(parts.join(" "));
  console.error = (...parts: unknown[]) => stderr.push(parts.join(" "));
  try {
    return { code: await main(args), stdout: stdout.join("\n"), stderr: stderr.join("\n") };
  } finally {
    console.log = log;
    console.error = error;
  }
}

/** Per command: a command line using all of its own options, and an option only other commands take. */
const TABLE: Record<string, { own: string[]; foreign: string[] }> = {
  serve: { own: ["--host", "127.0.0.1", "--port", "8080", "--no-schedules"], foreign: ["--minutes", "5"] },
  import: { own: ["--user", "alex", "--dry-run", "--json", "export.zip"], foreign: ["--format", "csv"] },
  build: { own: [], foreign: ["--user", "alex"] },
  query: { own: ["--format", "csv", "select 1"], foreign: ["--limit", "5"] },
  jobs: { own: ["--format", "json", "--limit", "5"], foreign: ["--port", "8080"] },
  tokens: {
    own: ["create", "--user", "alex", "--label", "phone", "--format", "json"],
    foreign: ["--limit", "5"],
  },
  auth: { own: ["--user", "alex"], foreign: ["--json"] },
  ingest: { own: [], foreign: ["--status"] },
  library: { own: [], foreign: ["--dry-run"] },
  enrich: { own: ["--minutes", "5", "--status"], foreign: ["--user", "alex"] },
  export: { own: ["--format", "csv", "out"], foreign: ["--json"] },
  backup: { own: ["copy.duckdb"], foreign: ["--host", "0.0.0.0"] },
  restore: { own: ["copy.duckdb"], foreign: ["--format", "csv"] },
  settings: { own: ["list", "--format", "json"], foreign: ["--limit", "5"] },
  rules: { own: ["add", "exclude-artist", "Björk", "--user", "alex"], foreign: ["--limit", "5"] },
  password: { own: [], foreign: ["--user", "alex"] },
  doctor: { own: [], foreign: ["--no-schedules"] },
  healthcheck: { own: ["--host", "127.0.0.1", "--port", "8080"], foreign: ["--limit", "5"] },
};

Deno.test("main() has a row in the option table for every command", () => {
  assert.deepEqual(Object.keys(TABLE).sort(), COMMANDS.map((command) => command.name).sort());
});

Deno.test("main() accepts each command's own options and the global ones", async () => {
  for (const [name, { own }] of Object.entries(TABLE)) {
    // --help answers once the command line has been read, before anything runs.
    const result = await run([name, "--db", "w.duckdb", ...own, "-h"]);
    assert.equal(result.code, 0, `${name} ${own.join(" ")}: ${result.stderr}`);
    assert.equal(result.stdout, usage());
  }
});

Deno.test("main() refuses an option that only other commands take: exit 2, and who takes it", async () => {
  for (const [name, { foreign }] of Object.entries(TABLE)) {
    // Refused before --help is looked at (and, were it accepted, --help would keep the command from running).
    const result = await run([name, ...foreign, "--help"]);
    assert.equal(result.code, 2, `${name} ${foreign.join(" ")}`);
    assert.equal(result.stdout, "");
    const [message, hint] = result.stderr.split("\n");
    assert.match(
      message,
      new RegExp(`^error: Unknown option '${foreign[0]}' for ${name} \\(.+ takes? it\\)$`),
    );
    assert.equal(hint, "Run with --help for usage.");
  }
  assert.equal(
    (await run(["import", "--minutes", "5", "export.zip", "--help"])).stderr,
    "error: Unknown option '--minutes' for import (enrich takes it)\nRun with --help for usage.",
  );
  assert.equal(
    (await run(["build", "--format", "csv", "--help"])).stderr,
    "error: Unknown option '--format' for build (query, jobs, tokens, export, settings and rules take it)\nRun with --help for usage.",
  );
});

Deno.test("main() refuses every option of another command that a command does not take itself", async () => {
  for (const command of COMMANDS) {
    const foreign = new Set(COMMANDS.flatMap((other) => Object.keys(other.options)));
    for (const option of Object.keys(command.options)) foreign.delete(option);
    for (const option of foreign) {
      const result = await run([command.name, `--${option}`, "--help"]);
      assert.equal(result.code, 2, `${command.name} --${option}`);
      assert.match(result.stderr, new RegExp(`^error: Unknown option '--${option}' for ${command.name} `));
    }
  }
});

Deno.test("main() finds the command after options and their values, and runs serve when none is named", async () => {
  assert.equal((await run(["--db", "import", "build", "--help"])).code, 0);
  assert.equal((await run(["--user", "alex", "import", "export.zip", "--help"])).code, 0);
  assert.equal((await run(["--port", "8080", "--help"])).code, 0);
  const user = await run(["--user", "alex", "--help"]);
  assert.equal(user.code, 2);
  assert.match(
    user.stderr,
    /^error: Unknown option '--user' for serve \(import, tokens, auth and rules take it\)$/m,
  );
});

Deno.test("main() keeps parseArgs' own message for options no command takes, and for an unknown command", async () => {
  const bogus = await run(["import", "--bogus", "--help"]);
  assert.equal(bogus.code, 2);
  assert.match(bogus.stderr, /^error: Unknown option '--bogus'\. To specify a positional argument/);
  const unknown = await run(["frobnicate", "--minutes", "3"]); // an unknown command never runs
  assert.equal(unknown.code, 2);
  assert.equal(unknown.stderr, 'error: Unknown command "frobnicate"\nRun with --help for usage.');
  assert.equal((await run(["frobnicate", "--help"])).code, 0);
});
