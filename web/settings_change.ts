/**
 * A setting changed from the web (Settings, the first-run setup, the CLI asking over loopback): through the
 * composition's `settings`, which stores and applies it before answering. A new admin password also ends
 * every other session and the one-time setup link, and keeps the browser that set it signed in.
 */
import type { Context } from "hono";
import { UserError } from "../lib/errors.ts";
import type { AppEnv, FeatureDeps, SettingsAccess } from "./env.ts";
import { signIn } from "./middleware/sessions.ts";

export async function changeSetting(
  c: Context<AppEnv>,
  { options, sessions }: Pick<FeatureDeps, "options" | "sessions">,
  { key, value, browser = true }: { key: string; value: string | undefined; browser?: boolean },
): Promise<Awaited<ReturnType<SettingsAccess["change"]>>> {
  if (!options.settings) throw new UserError("Settings cannot be changed on this server");
  if (key === "ADMIN_PASSWORD" && value === undefined && options.exposed) {
    throw new UserError(
      "This server can be reached from other machines, so it keeps an admin password: set a new one instead",
    );
  }
  const result = await options.settings.change(key, value);
  if (key === "ADMIN_PASSWORD" && !result.overridden) {
    sessions.clear();
    options.setupLink?.close();
    if (value !== undefined && browser) signIn(c, sessions);
  }
  return result;
}

/** A form field as text: nothing for a missing field or a file. */
export function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === "string" ? value : "";
}
