/**
 * `serve`: the dashboard and the schedules, composed in ../serve.ts. Loaded only when served: the web layer
 * (Hono, Plot, the world map) costs every other command ~27 MB of memory and start-up time. `deno run`
 * still reads and compiles that whole graph at start, as it does for every dynamic import of a string literal:
 * `deno task cli` and `deno task import` pass --unstable-lazy-dynamic-imports so that it does not (`--help` 0.58 ->
 * 0.15 s; an import's peak ~15 MB lower). `deno task start` does not: the charts render faster prepared at start.
 */
import { defineCommand } from "./command.ts";

export const serveCommand = defineCommand({
  name: "serve",
  usage: "serve",
  summary: [
    "Serve the dashboard (default) and run the schedules. --host, --port (env HOST,",
    "PORT; 127.0.0.1:8080), --no-schedules",
  ],
  options: {
    host: { type: "string" },
    port: { type: "string" },
    "no-schedules": { type: "boolean", default: false },
  },
  async run({ values }, config) {
    const { serve } = await import("../serve.ts");
    await serve(config, { schedules: !values["no-schedules"] });
    return 0;
  },
});
