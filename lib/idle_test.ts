import assert from "node:assert/strict";
import { IdleTimer } from "./idle.ts";

Deno.test("IdleTimer: runs once after the quiet spell; touch(ms) re-arms it for that spell, stop() for none", async () => {
  let runs = 0;
  const timer = new IdleTimer(60_000, () => runs++);
  const done = new Promise<void>((resolve) => {
    const check = setInterval(() => runs > 0 && (clearInterval(check), resolve()), 5);
  });
  timer.touch(); // a minute away …
  timer.touch(20); // … now 20 ms: the later touch wins
  await done;
  assert.equal(runs, 1);
  timer.touch(10);
  timer.stop();
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(runs, 1, "a stopped timer never runs");
});
