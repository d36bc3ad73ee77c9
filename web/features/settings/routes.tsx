/**
 * Settings: connecting Spotify accounts (two ways that work from any device: Spotify's redirect to
 * `/callback` on this machine, or the address pasted), the connections and gaps, and share links.
 */
import { type Context, Hono } from "hono";
import { spotifyStatus } from "../../../warehouse/state/spotify_connections.ts";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { SettingsPage, type SettingsProps } from "./page.tsx";

export function settingsRoutes({ page, options }: FeatureDeps): Hono<AppEnv> {
  const { spotify, shares } = options;
  const app = new Hono<AppEnv>();
  app.use("/settings/*", ...page);
  app.use("/callback", ...page);

  const render = async (c: Context<AppEnv>, props: Partial<SettingsProps> = {}, status = 200) => {
    // Asked again, not taken from c.var: connecting makes the user's warehouse the one shown (the demo's closes).
    const current = await options.warehouse();
    c.set("isDemo", current.isDemo);
    c.status(status as 200);
    return c.render(
      <SettingsPage
        configured={Boolean(spotify)}
        status={await spotifyStatus(current.warehouse)}
        shareLinks={shares ? await shares.list() : undefined}
        scrobbling={options.listens
          ? { tokens: await options.listens.listTokens(), realtime: await options.realtime?.() }
          : undefined}
        origin={new URL(c.req.url).origin}
        {...props}
      />,
      { title: "Settings" },
    );
  };

  const notConfigured = (c: Context<AppEnv>) =>
    render(c, { message: { kind: "error", text: "No Spotify app is configured." } }, 400);

  /** Finishes connecting from the address Spotify redirected to. */
  const finishConnect = async (c: Context<AppEnv>, redirectedUrl: string) => {
    if (!spotify) return notConfigured(c);
    try {
      const user = await spotify.complete(redirectedUrl);
      return c.redirect(`/settings?connected=${encodeURIComponent(user)}`, 303);
    } catch (error) {
      return render(c, { message: { kind: "error", text: (error as Error).message } }, 400);
    }
  };

  app.get("/settings", (c) => {
    const connected = c.req.query("connected");
    return render(c, connected ? { message: { kind: "ok", text: `Connected “${connected}”.` } } : {});
  });

  app.post("/settings/connect", async (c) => {
    if (!spotify) return notConfigured(c);
    const user = String((await c.req.parseBody()).user ?? "").trim();
    if (!/^[\p{L}\p{N}_.@-]{1,64}$/u.test(user)) {
      return render(c, {
        message: { kind: "error", text: "A user name is 1-64 letters, digits, _ . @ or -." },
      }, 400);
    }
    return render(c, { consent: { url: await spotify.start(user), user } });
  });

  app.post("/settings/paste", async (c) => finishConnect(c, String((await c.req.parseBody()).url ?? "")));

  // Spotify's redirect, when the browser runs on this machine (the redirect URI is a loopback address).
  app.get("/callback", (c) => finishConnect(c, c.req.url));

  app.post("/settings/share", async (c) => {
    if (!shares) return c.text("Sharing is not available", 404);
    const days = Number((await c.req.parseBody()).days ?? 7);
    if (!Number.isInteger(days) || days < 1 || days > 365) {
      return render(c, { message: { kind: "error", text: "A link lasts 1 to 365 days." } }, 400);
    }
    await shares.create("overview", days);
    return c.redirect("/settings", 303);
  });

  app.post("/settings/share/:id/revoke", async (c) => {
    await shares?.revoke(c.req.param("id"));
    return c.redirect("/settings", 303);
  });

  return app;
}
