/**
 * Settings: every setting that can change while serving (stored and applied before the page answers),
 * connecting Spotify accounts (two ways that work from any device: Spotify's redirect to `/callback` on this
 * machine, or the address pasted) with the guide and the check, the connections and gaps, and share links.
 * `/api/settings` is the same for the CLI on this machine while the server holds the warehouse.
 */
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { BusyError, UserError } from "../../../lib/errors.ts";
import { settingSpec } from "../../../lib/settings.ts";
import { spotifyStatus } from "../../../warehouse/state/spotify_connections.ts";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { isFromThisMachine, safeNext } from "../../request.ts";
import { changeSetting, field } from "../../settings_change.ts";
import { sameSecret } from "../../../lib/passwords.ts";
import { SettingsPage, type SettingsProps } from "./page.tsx";

/** Where a browser goes once Spotify has sent it back (a Lax cookie: Spotify's redirect is a cross-site GET). */
const CONNECT_NEXT_COOKIE = "mt_connect_next";

export function settingsRoutes(deps: FeatureDeps): Hono<AppEnv> {
  const { state, options } = deps;
  const app = new Hono<AppEnv>();
  app.use("/settings/*", ...state);
  app.use("/callback", ...state);

  const render = async (c: Context<AppEnv>, props: Partial<SettingsProps> = {}, status = 200) => {
    // Asked again, not taken from c.var: connecting makes the user's warehouse the one shown (the demo's closes).
    const current = await options.warehouse();
    c.set("isDemo", current.isDemo);
    c.status(status as 200);
    return c.render(
      <SettingsPage
        configured={Boolean(options.spotify)}
        status={await spotifyStatus(current.warehouse)}
        shareLinks={options.shares ? await options.shares.list() : undefined}
        scrobbling={options.listens
          ? { tokens: await options.listens.listTokens(), realtime: await options.realtime?.() }
          : undefined}
        origin={new URL(c.req.url).origin}
        settings={options.settings?.list()}
        canCheck={Boolean(options.checkSpotify)}
        {...props}
      />,
      { title: "Settings" },
    );
  };
  const refuse = (c: Context<AppEnv>, text: string, status = 400) =>
    render(c, { message: { kind: "error", text } }, status);

  const notConfigured = (c: Context<AppEnv>) => refuse(c, "No Spotify app is configured.");

  /** Finishes connecting from the address Spotify redirected to, then goes to `next` (default Settings). */
  const finishConnect = async (c: Context<AppEnv>, redirectedUrl: string, next = "/settings") => {
    const spotify = options.spotify;
    if (!spotify) return notConfigured(c);
    try {
      const user = await spotify.complete(redirectedUrl);
      const target = new URL(safeNext(next), "http://here");
      target.searchParams.set("connected", user);
      return c.redirect(target.pathname + target.search, 303);
    } catch (error) {
      return refuse(c, (error as Error).message);
    }
  };

  app.get("/settings", (c) => render(c, { message: savedMessage(c, options.settings?.list() ?? []) }));

  /** Stores a setting (or forgets it), then back to Settings, or to `next` (the first-run setup's steps). */
  const change = async (c: Context<AppEnv>, reset: boolean) => {
    const body = await c.req.parseBody();
    const key = field(body, "key");
    try {
      const result = await changeSetting(c, deps, { key, value: reset ? undefined : field(body, "value") });
      const next = field(body, "next");
      if (next) return c.redirect(safeNext(next), 303);
      const flags = `${result.rebuilt ? "&rebuilt=1" : ""}${result.overridden ? "&overridden=1" : ""}`;
      return c.redirect(`/settings?${reset ? "reset" : "saved"}=${key}${flags}#${key}`, 303);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return refuse(c, `Nothing was changed: ${error.message}`, error instanceof BusyError ? 409 : 400);
    }
  };
  app.post("/settings/values", (c) => change(c, false));
  app.post("/settings/values/reset", (c) => change(c, true));

  app.post("/settings/spotify/check", async (c) => {
    if (!options.spotify || !options.checkSpotify) return notConfigured(c);
    return render(c, { checks: await options.checkSpotify() });
  });

  app.post("/settings/connect", async (c) => {
    const spotify = options.spotify;
    if (!spotify) return notConfigured(c);
    const body = await c.req.parseBody();
    const user = field(body, "user").trim();
    if (!/^[\p{L}\p{N}_.@-]{1,64}$/u.test(user)) {
      return refuse(c, "A user name is 1-64 letters, digits, _ . @ or -.");
    }
    const next = field(body, "next") ? safeNext(field(body, "next")) : undefined;
    if (next) {
      setCookie(c, CONNECT_NEXT_COOKIE, next, { httpOnly: true, sameSite: "Lax", path: "/", maxAge: 3600 });
    }
    return render(c, { consent: { url: await spotify.start(user), user, next } });
  });

  app.post("/settings/paste", async (c) => {
    const body = await c.req.parseBody();
    return finishConnect(c, field(body, "url"), field(body, "next") || undefined);
  });

  // Spotify's redirect, when the browser runs on this machine (the redirect URI is a loopback address).
  app.get("/callback", (c) => {
    const next = getCookie(c, CONNECT_NEXT_COOKIE);
    if (next) deleteCookie(c, CONNECT_NEXT_COOKIE, { path: "/" });
    return finishConnect(c, c.req.url, next);
  });

  app.post("/settings/share", async (c) => {
    if (!options.shares) return c.text("Sharing is not available", 404);
    const days = Number((await c.req.parseBody()).days ?? 7);
    if (!Number.isInteger(days) || days < 1 || days > 365) return refuse(c, "A link lasts 1 to 365 days.");
    await options.shares.create("overview", days);
    return c.redirect("/settings", 303);
  });

  app.post("/settings/share/:id/revoke", async (c) => {
    await options.shares?.revoke(c.req.param("id"));
    return c.redirect("/settings", 303);
  });

  return app;
}

/** What the page says after a change: from the setting as it is now, never from the query's text. */
function savedMessage(
  c: Context<AppEnv>,
  settings: NonNullable<SettingsProps["settings"]>,
): SettingsProps["message"] {
  const connected = c.req.query("connected");
  if (connected) return { kind: "ok", text: `Connected “${connected}”.` };
  const key = c.req.query("saved") ?? c.req.query("reset");
  const setting = settings.find((candidate) => candidate.key === key);
  if (!setting) return undefined;
  const value = setting.secret ? "" : ` = ${setting.value ?? "(none)"}`;
  const what = c.req.query("reset")
    ? `${setting.key} is back to its default${value}`
    : `Saved ${setting.key}${value}`;
  const rebuilt = c.req.query("rebuilt")
    ? `; ${settingSpec(setting.key)?.remakes ?? "the marts were rebuilt"} with it`
    : "";
  const overridden = c.req.query("overridden")
    ? `. The environment sets ${setting.key} too, and wins: the stored value applies once it is removed there`
    : "";
  return { kind: "ok", text: `${what}${rebuilt}${overridden}.` };
}

/**
 * `settings` on the command line while the server holds the warehouse: `GET /api/settings` lists, `POST` a JSON
 * `{key, value}` changes (`value: null` forgets the stored value). From this machine only; a JSON body, so a
 * browser cannot send it from another site without CORS.
 */
export function settingsApiRoutes(deps: FeatureDeps): Hono<AppEnv> {
  const { options } = deps;
  const app = new Hono<AppEnv>();
  app.use("/settings", async function onlyThisMachine(c, next) {
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    const expected = options.settings?.apiToken;
    if (!isFromThisMachine(c) || !expected || !token || !sameSecret(token, expected)) {
      return c.json({
        error: "settings are changed with the settings command on this machine (it sends the token serve " +
          "keeps beside the warehouse), or on the Settings page",
      }, 403);
    }
    await next();
  });

  app.get("/settings", (c) => c.json(options.settings!.list()));

  app.post("/settings", async (c) => {
    if (!(c.req.header("content-type") ?? "").startsWith("application/json")) {
      return c.json({ error: "send the change as JSON: {key, value}" }, 415);
    }
    const body = await c.req.json().catch(() => undefined) as { key?: unknown; value?: unknown } | undefined;
    const key = typeof body?.key === "string" ? body.key : "";
    const value = body?.value === null ? undefined : body?.value;
    if (typeof value !== "string" && value !== undefined) {
      return c.json({ error: "value must be text, or null to forget the stored value" }, 400);
    }
    if (!settingSpec(key)) return c.json({ error: `There is no setting "${key}"` }, 400);
    try {
      return c.json(await changeSetting(c, deps, { key, value, browser: false }));
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return c.json({ error: error.message }, error instanceof BusyError ? 409 : 400);
    }
  });

  return app;
}
