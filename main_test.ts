/** The command main.ts picks DuckDB's allocator options for, before the command line is parsed. */
import assert from "node:assert/strict";
import { allocatorOptions, commandName } from "./main.ts";
import { parseCommandLine } from "./cli/main.ts";

Deno.test("main.ts picks the command as the command line will: serve's allocator options for serve alone", () => {
  const lines = [
    [],
    ["serve"],
    ["--port", "9000"],
    ["--port=9000", "--host", "0.0.0.0"],
    ["--db", "data/music.duckdb"],
    ["--db", "data/music.duckdb", "serve", "--no-schedules"],
    ["--db=x.duckdb", "serve"],
    ["import", "my_spotify_data.zip", "--user", "rob"],
    ["--db", "serve.duckdb", "import", "serve"],
    ["build", "--db", "x.duckdb"],
    ["settings", "set", "SESSION_GAP_MINUTES", "45"],
    ["query", "select 1", "--format", "json"],
    ["--help"],
    ["--", "serve"],
  ];
  for (const args of lines) {
    assert.equal(commandName(args), parseCommandLine(args).name, args.join(" "));
  }
  // Another command's option before the command's name is taken for it: never for serve.
  assert.equal(parseCommandLine(["--user", "rob", "import", "x.zip"]).name, "import");
  assert.notEqual(commandName(["--user", "rob", "import", "x.zip"]), "serve");
  assert.notEqual(allocatorOptions("serve"), allocatorOptions("import"));
  assert.equal(allocatorOptions("build"), allocatorOptions("import"));
});
