import assert from "node:assert/strict";
import { COMMANDS, usage } from "./mod.ts";

Deno.test("usage() lists every command in help order, as the help text has always read", async () => {
  const expected = await Deno.readTextFile(new URL("./testdata/help.txt", import.meta.url));
  assert.equal(usage() + "\n", expected);
  assert.deepEqual(
    COMMANDS.map((command) => command.name),
    [
      "serve",
      "import",
      "build",
      "query",
      "jobs",
      "tokens",
      "auth",
      "ingest",
      "library",
      "enrich",
      "export",
      "backup",
      "restore",
      "settings",
      "rules",
      "password",
      "doctor",
      "healthcheck",
    ],
  );
});
