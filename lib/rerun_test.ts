import assert from "node:assert/strict";
import { Rerun } from "./rerun.ts";

Deno.test("Rerun runs once per burst of asks, never twice at once, and never leaves an ask without a run", async () => {
  let running = 0;
  let runs = 0;
  let handled = 0;
  const queue: number[] = [];
  const rerun = new Rerun(async () => {
    assert.equal(running++, 0, "never two runs at once");
    await new Promise((resolve) => setTimeout(resolve, 1));
    handled += queue.splice(0).length;
    runs++;
    running--;
    return true;
  });
  // A burst of ten asks: the first run takes all ten, and one more follows for the asks that came during it.
  for (let i = 0; i < 10; i++) (queue.push(i), rerun.ask());
  await rerun.settled();
  assert.deepEqual([handled, runs], [10, 2]);
  // Asks one after another, each right when the previous run's caller resumes: each gets its run.
  for (let i = 0; i < 20; i++) {
    queue.push(i);
    rerun.ask();
    await Promise.resolve();
    await rerun.settled();
  }
  assert.equal(handled, 30);
  assert.equal(queue.length, 0);
});
