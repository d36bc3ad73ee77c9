/** `healthcheck`: asks the local server's /healthz, for Docker's HEALTHCHECK; never opens the warehouse. */
import { defineCommand } from "./command.ts";
import { serverUrl } from "./shared.ts";

export const healthcheckCommand = defineCommand({
  name: "healthcheck",
  usage: "healthcheck",
  summary: ["Exit 0 when the local server answers /healthz (for Docker's HEALTHCHECK)."],
  options: {
    host: { type: "string" },
    port: { type: "string" },
  },
  readsStoredSettings: false,
  /** 0 when the server on HOST:PORT answers /healthz with 200, else 1 (never 2: Docker reserves it). */
  async run(_args, config) {
    try {
      const response = await fetch(`${serverUrl(config)}/healthz`, { signal: AbortSignal.timeout(4000) });
      await response.body?.cancel();
      return response.ok ? 0 : 1;
    } catch {
      return 1;
    }
  },
});
