/** `serve`: the dashboard and the schedules, composed in ../serve.ts. */
import { serve } from "../serve.ts";
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
    await serve(config, { schedules: !values["no-schedules"] });
    return 0;
  },
});
