import assert from "node:assert/strict";
import { PeriodError } from "../../period.ts";
import { chartPeriodOf, parseChartPeriod, shiftChartPeriod, switchChartPeriod } from "./chart_period.ts";

Deno.test("parseChartPeriod() reads ISO weeks (Monday to Sunday, week 1 holds 4 January) and months", () => {
  const week = parseChartPeriod("2023-W40");
  assert.deepEqual(week, {
    every: "week",
    value: "2023-W40",
    label: "Week 40 of 2023",
    days: "2 – 8 Oct 2023",
    fromKey: 20231002,
    toKey: 20231008,
  });
  // Weeks that cross a year: 2015-W01 starts in 2014, 2020-W53 ends in 2021.
  assert.equal(parseChartPeriod("2015-W01").fromKey, 20141229);
  assert.equal(parseChartPeriod("2020-W53").days, "28 Dec 2020 – 3 Jan 2021");
  assert.equal(parseChartPeriod("2024-w05").value, "2024-W05");
  assert.deepEqual(
    [parseChartPeriod("2024-02").toKey, parseChartPeriod("2023-02").toKey, parseChartPeriod("2023-10").label],
    [20240229, 20230228, "October 2023"],
  );
});

Deno.test("parseChartPeriod() refuses impossible weeks and months with the value in the message", () => {
  for (
    const [value, message] of [
      ["2023-W54", '"2023-W54" is not a week: 2023 has ISO weeks 1 to 52'],
      ["2021-W53", '"2021-W53" is not a week: 2021 has ISO weeks 1 to 52'],
      ["2023-W00", '"2023-W00" is not a week: 2023 has ISO weeks 1 to 52'],
      ["2023-13", '"2023-13" has no month 13'],
      ["2023-00", '"2023-00" has no month 0'],
      ["2023", '"2023" is not a chart period: use a week (2023-W40) or a month (2023-10)'],
      ["2023-W4", '"2023-W4" is not a chart period: use a week (2023-W40) or a month (2023-10)'],
      [
        "9".repeat(40),
        `"${"9".repeat(16)}…" is not a chart period: use a week (2023-W40) or a month (2023-10)`,
      ],
    ]
  ) {
    assert.throws(() => parseChartPeriod(value), (error: Error) => {
      assert.ok(error instanceof PeriodError);
      assert.equal(error.message, message);
      return true;
    });
  }
  // 2026 has 53 weeks (it starts on a Thursday).
  assert.equal(parseChartPeriod("2026-W53").toKey, 20270103);
});

Deno.test("chartPeriodOf(), shiftChartPeriod() and switchChartPeriod() step between weeks and months", () => {
  assert.equal(chartPeriodOf("week", 20241230).value, "2025-W01");
  assert.equal(chartPeriodOf("week", 20210103).value, "2020-W53");
  assert.equal(chartPeriodOf("month", 20210103).value, "2021-01");
  assert.equal(shiftChartPeriod(parseChartPeriod("2020-W53"), 1).value, "2021-W01");
  assert.equal(shiftChartPeriod(parseChartPeriod("2021-W01"), -1).value, "2020-W53");
  assert.equal(shiftChartPeriod(parseChartPeriod("2024-01"), -1).value, "2023-12");
  assert.equal(shiftChartPeriod(parseChartPeriod("2023-12"), 1).value, "2024-01");
  // A week's month holds its Thursday; a month's week holds its 4th (its first Thursday).
  assert.equal(switchChartPeriod(parseChartPeriod("2024-W05")).value, "2024-02");
  assert.equal(switchChartPeriod(parseChartPeriod("2023-10")).value, "2023-W40");
  assert.equal(switchChartPeriod(parseChartPeriod("2021-01")).value, "2021-W01");
});
