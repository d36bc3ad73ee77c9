/**
 * The token the `settings` command shows the server when it asks it over loopback to change a setting: `serve`
 * writes a new random one at start into a file only the owner can read (`.api_token` beside the warehouse), and
 * the command reads it. So only someone who may read the data folder changes settings through the server, not
 * whatever else reaches 127.0.0.1 (a reverse proxy on the same machine, another user's process).
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname } from "node:path";

/** Makes a new token and writes it to `path` (mode 0600), replacing an older one. */
export async function createApiToken(path: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await Deno.mkdir(dirname(path) || ".", { recursive: true });
  await Deno.writeTextFile(path, token + "\n", { mode: 0o600 });
  await Deno.chmod(path, 0o600);
  return token;
}

/** The token a running server wrote at `path`, or undefined when there is none. */
export function readApiToken(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, "utf8").trim() || undefined : undefined;
}

/** Removes the token when the server stops (a token of a stopped server opens nothing anyway). */
export function removeApiToken(path: string, token: string): void {
  try {
    if (readApiToken(path) === token) Deno.removeSync(path);
  } catch { /* gone already */ }
}
