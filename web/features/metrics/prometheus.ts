/**
 * Prometheus' text exposition format 0.0.4: `# HELP` and `# TYPE` lines, then one `name{label="value"} number`
 * line per sample. Label values escape backslash, double quote and line feed; help text backslash and line feed.
 */

export const CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export interface Metric {
  name: string;
  help: string;
  type: "gauge" | "counter";
  samples: { labels?: Record<string, string>; value: number }[];
}

export function formatMetrics(metrics: Metric[]): string {
  const lines: string[] = [];
  for (const metric of metrics) {
    lines.push(`# HELP ${metric.name} ${metric.help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}`);
    lines.push(`# TYPE ${metric.name} ${metric.type}`);
    for (const { labels = {}, value } of metric.samples) {
      const pairs = Object.entries(labels).map(([name, text]) => `${name}="${escapeLabel(text)}"`);
      lines.push(`${metric.name}${pairs.length ? `{${pairs.join(",")}}` : ""} ${formatValue(value)}`);
    }
  }
  return lines.join("\n") + "\n";
}

function escapeLabel(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}
