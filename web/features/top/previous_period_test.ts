import assert from "node:assert/strict";
import { parsePeriod } from "../../period.ts";
import { periodLength, previousPeriod } from "./previous_period.ts";

function previous(value: string) {
  const found = previousPeriod(parsePeriod(value));
  return found && [found.value, found.label, found.fromKey, found.toKey];
}

Deno.test("previousPeriod() of a year is the year before, leap or not", () => {
  assert.deepEqual(previous("2024"), ["2023", "2023", 20230101, 20231231]);
  assert.deepEqual(previous("2025"), ["2024", "2024", 20240101, 20241231]);
  assert.deepEqual(previous("1000"), ["0999", "999", 9990101, 9991231]);
  assert.equal(previous("0001"), undefined);
});

Deno.test("previousPeriod() of a month is the month before; January's is December of the year before", () => {
  assert.deepEqual(previous("2024-05"), ["2024-04", "April 2024", 20240401, 20240431]);
  assert.deepEqual(previous("2024-01"), ["2023-12", "December 2023", 20231201, 20231231]);
  assert.deepEqual(previous("2024-03"), ["2024-02", "February 2024", 20240201, 20240231]);
  assert.deepEqual(previous("2000-01"), ["1999-12", "December 1999", 19991201, 19991231]);
  assert.equal(previous("0001-01"), undefined);
});

Deno.test("previousPeriod() of a range of N days is the N days just before it, leap days included", () => {
  // 10 days: 1-10 March 2024 → 20-29 February 2024 (29 February is a day of its own in a leap year) …
  assert.deepEqual(previous("2024-03-01..2024-03-10"), [
    "2024-02-20..2024-02-29",
    "2024-02-20 to 2024-02-29",
    20240220,
    20240229,
  ]);
  // … and 19-28 February in 2023, which has none.
  assert.deepEqual(previous("2023-03-01..2023-03-10")?.[0], "2023-02-19..2023-02-28");
  // Across a year's end, and one day.
  assert.deepEqual(previous("2024-01-05..2024-01-14")?.[0], "2023-12-26..2024-01-04");
  assert.deepEqual(previous("2024-01-01..2024-01-01")?.[0], "2023-12-31..2023-12-31");
  // A range over 29 February: 2024-02-28..2024-03-01 is 3 days.
  assert.deepEqual(previous("2024-02-28..2024-03-01")?.[0], "2024-02-25..2024-02-27");
  // A range as long as a leap year (366 days) goes back 366 days: 2024 as a range → 2023-01-01..2023-12-31 and
  // one more day (2022-12-31).
  assert.deepEqual(previous("2024-01-01..2024-12-31")?.[0], "2022-12-31..2023-12-31");
  // The years before 100 stay themselves (not 19xx).
  assert.deepEqual(previous("0100-01-01..0100-01-10")?.[0], "0099-12-22..0099-12-31");
});

Deno.test("previousPeriod() of all time is nothing; periodLength() names the length", () => {
  assert.equal(previous("all"), undefined);
  assert.equal(periodLength(parsePeriod("2024")), "year");
  assert.equal(periodLength(parsePeriod("2024-02")), "month");
  assert.equal(periodLength(parsePeriod("2024-03-01..2024-03-10")), "10 days");
  assert.equal(periodLength(parsePeriod("2024-02-01..2024-03-01")), "30 days");
  assert.equal(periodLength(parsePeriod("2024-03-01..2024-03-01")), "day");
});
