/**
 * The figures a benchmark run measures, each with its goal: printed as they come and as one table at the end,
 * or as JSON (`deno task bench --json`).
 */

export interface Figure {
  /** The part of the bench: machine, import, serve, ingest, household. */
  section: string;
  name: string;
  value: number;
  unit: "s" | "ms" | "MB" | "x" | "plays" | "µs";
  /** The goal, as the most the value may be; none for a figure shown for context. */
  max?: number;
  note?: string;
}

export class Report {
  readonly figures: Figure[] = [];
  readonly #log: (line: string) => void;

  constructor(log: (line: string) => void) {
    this.#log = log;
  }

  /** A line of context (what is being measured, how). */
  say(line: string): void {
    this.#log(line);
  }

  add(figure: Figure): void {
    this.figures.push(figure);
    this.#log(`  ${describe(figure)}`);
  }

  /** Every figure with a goal, met or not, as the closing table. */
  table(): string {
    const rows = this.figures.map((figure) => [
      figure.section,
      figure.name,
      `${format(figure.value)} ${figure.unit}`,
      figure.max === undefined ? "" : `<= ${format(figure.max)} ${figure.unit}`,
      figure.max === undefined ? "" : figure.value <= figure.max ? "met" : "MISSED",
    ]);
    const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((row) => row[column].length)));
    return rows.map((row) =>
      row.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]) : cell)).join("  ").trimEnd()
    )
      .join("\n");
  }
}

function describe(figure: Figure): string {
  const goal = figure.max === undefined
    ? ""
    : ` (goal <= ${format(figure.max)} ${figure.unit}: ${figure.value <= figure.max ? "met" : "MISSED"})`;
  return `${figure.name}: ${format(figure.value)} ${figure.unit}${goal}${
    figure.note ? `; ${figure.note}` : ""
  }`;
}

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1);
}
