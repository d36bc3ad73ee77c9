import assert from "node:assert/strict";
import { formatMetrics } from "./prometheus.ts";

Deno.test("formatMetrics() writes text format 0.0.4 and escapes label values and help", () => {
  const text = formatMetrics([
    {
      name: "music_tracker_plays",
      help: "Plays by source\nand listener \\ all.",
      type: "gauge",
      samples: [
        { labels: { source: "spotify_extended", listener: 'a "quoted"\\ name\nnext' }, value: 12 },
        { labels: { source: "spotify_api", listener: "me" }, value: 0.5 },
      ],
    },
    { name: "up_ratio", help: "Odd values.", type: "gauge", samples: [{ value: NaN }, { value: Infinity }] },
    { name: "empty", help: "No samples.", type: "counter", samples: [] },
  ]);
  assert.equal(
    text,
    [
      "# HELP music_tracker_plays Plays by source\\nand listener \\\\ all.",
      "# TYPE music_tracker_plays gauge",
      'music_tracker_plays{source="spotify_extended",listener="a \\"quoted\\"\\\\ name\\nnext"} 12',
      'music_tracker_plays{source="spotify_api",listener="me"} 0.5',
      "# HELP up_ratio Odd values.",
      "# TYPE up_ratio gauge",
      "up_ratio NaN",
      "up_ratio +Inf",
      "# HELP empty No samples.",
      "# TYPE empty counter",
      "",
    ].join("\n"),
  );
});
