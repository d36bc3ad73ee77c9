/** The period form of every page that shows a period: a plain GET form, so it works without JavaScript. */
import type { ParsedPeriod } from "../period.ts";

export function PeriodFilter({ action, period }: { action: string; period: ParsedPeriod }) {
  return (
    <form method="get" action={action} class="filters">
      <label>
        Period
        <input name="period" value={period.value} />
      </label>
      <button type="submit">Show</button>
    </form>
  );
}
