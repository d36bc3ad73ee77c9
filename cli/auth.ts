/** `auth`: connects a Spotify account in the terminal, by the loopback callback or a pasted redirect URL. */
import { parseUserName } from "../config.ts";
import { UsageError } from "../lib/errors.ts";
import { completeConnect, startConnect } from "../pipeline/spotify/connections.ts";
import { parseRedirect } from "../pipeline/spotify/oauth.ts";
import { defineCommand } from "./command.ts";
import { readLine, requireSpotify, withWarehouse } from "./shared.ts";

export const authCommand = defineCommand({
  name: "auth",
  usage: "auth",
  summary: ["Connect a Spotify account in the terminal. --user <name> (default DEFAULT_USER)"],
  options: {
    user: { type: "string" },
  },
  /** Prints the consent URL, then takes Spotify's redirect on the loopback callback or a pasted URL. */
  async run({ values }, config) {
    const user = values.user ? parseUserName(values.user) : config.defaultUser;
    const spotify = requireSpotify(config);
    const connected = await withWarehouse(config, async (warehouse) => {
      const url = await startConnect(warehouse, spotify, user);
      console.error(`Open this address, agree, and come back:\n\n  ${url}\n`);
      console.error(
        `If the browser runs on this machine, Spotify sends it to ${spotify.redirectUri} and this finishes by itself.` +
          "\nOtherwise paste the address your browser ended on (it will not load) and press Enter:",
      );
      const redirected = await firstRedirect(spotify.redirectUri);
      return await completeConnect(warehouse, spotify, parseRedirect(redirected));
    });
    console.log(`Connected Spotify for "${connected}".`);
    return 0;
  },
});

/** The URL Spotify redirected to: from a one-off listener on the loopback redirect URI, or typed on stdin. */
async function firstRedirect(redirectUri: string): Promise<string> {
  const redirect = new URL(redirectUri);
  const controller = new AbortController();
  let server: Deno.HttpServer | undefined;
  const fromCallback = new Promise<string>((resolve) => {
    if (redirect.protocol !== "http:") return;
    try {
      server = Deno.serve({
        hostname: redirect.hostname.replace(/^\[|\]$/g, ""),
        port: Number(redirect.port || 80),
        signal: controller.signal,
        onListen: () => {},
      }, (request) => {
        const url = new URL(request.url);
        if (url.pathname !== redirect.pathname) return new Response("Not found", { status: 404 });
        resolve(url.toString());
        return new Response("Spotify is connected; you can close this tab.");
      });
    } catch { /* the port is taken (serve runs there): the pasted URL will do */ }
  });
  const fromStdin = readLine().then((line) => line.trim());
  try {
    return await Promise.race([
      fromCallback,
      fromStdin.then((line) => line || Promise.reject(new UsageError("No URL was pasted"))),
    ]);
  } finally {
    controller.abort();
    await server?.finished.catch(() => {});
  }
}
