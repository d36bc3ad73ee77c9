import assert from "node:assert/strict";
import { CronError, parseCron } from "./cron.ts";

const at = (iso: string) => new Date(iso);

Deno.test("parseCron().previous() finds the last time a schedule fired", () => {
  const every30 = parseCron("*/30 * * * *");
  assert.deepEqual(every30.previous(at("2026-11-22T10:47:31Z")), at("2026-11-22T10:30:00Z"));
  assert.deepEqual(every30.previous(at("2026-11-22T10:30:00Z")), at("2026-11-22T10:30:00Z"));
  const nightly = parseCron("0 2 * * *");
  assert.deepEqual(nightly.previous(at("2026-11-22T01:59:00Z")), at("2026-11-21T02:00:00Z"));
  assert.deepEqual(nightly.previous(at("2026-11-22T02:00:59Z")), at("2026-11-22T02:00:00Z"));
  // Across a month and a year boundary.
  assert.deepEqual(nightly.previous(at("2026-01-01T00:10:00Z")), at("2025-12-31T02:00:00Z"));
  const mondays = parseCron("15 6 * * 1");
  assert.deepEqual(mondays.previous(at("2026-11-22T12:00:00Z")), at("2026-11-16T06:15:00Z")); // 22nd is a Sunday
  const list = parseCron("0,45 8-10/2 1 * *");
  assert.deepEqual(list.previous(at("2026-11-22T00:00:00Z")), at("2026-11-01T10:45:00Z"));
  const sundays = parseCron("0 0 * * 7");
  assert.deepEqual(sundays.previous(at("2026-11-22T12:00:00Z")), at("2026-11-22T00:00:00Z"));
  const leapDay = parseCron("0 0 29 2 *");
  assert.deepEqual(leapDay.previous(at("2026-11-22T00:00:00Z")), at("2024-02-29T00:00:00Z"));
});

Deno.test("parseCron() follows classic cron when both day fields are restricted", () => {
  const either = parseCron("0 0 13 * 5"); // the 13th, or any Friday
  assert.equal(either.matches(at("2026-11-13T00:00:00Z")), true); // a Friday the 13th
  assert.equal(either.matches(at("2026-11-20T00:00:00Z")), true); // a Friday
  assert.equal(either.matches(at("2026-10-13T00:00:00Z")), true); // a Tuesday the 13th
  assert.equal(either.matches(at("2026-11-19T00:00:00Z")), false);
});

Deno.test("parseCron() rejects malformed expressions with the field that is wrong", () => {
  assert.throws(() => parseCron("* * * *"), /needs 5 fields, it has 4/);
  assert.throws(() => parseCron("60 * * * *"), /minute "60" must be within 0-59/);
  assert.throws(() => parseCron("* * * * mon"), /day of week "mon" is not a number/);
  assert.throws(() => parseCron("*/0 * * * *"), CronError);
  assert.throws(() => parseCron("5-2 * * * *"), /must be within/);
});
