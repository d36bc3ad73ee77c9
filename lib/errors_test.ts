import assert from "node:assert/strict";
import { UsageError, UserError } from "./errors.ts";

Deno.test("UserError exits 1 and UsageError 2, and neither changes what an error looks like", () => {
  class ConfigLike extends UserError {}
  const error = new ConfigLike("TIMEZONE is wrong");
  assert.equal(error.exitCode, 1);
  assert.equal(new UsageError("no path").exitCode, 2);
  assert.ok(new UsageError("no path") instanceof UserError);
  assert.equal(String(error), "Error: TIMEZONE is wrong");
  assert.deepEqual(Object.keys(error), []);
});
