/** `GET /now-playing`: the Now playing line alone, for the Overview's htmx refresh. Never cached. */
import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { LISTENER_COOKIE } from "../../middleware/request_context.ts";
import { nowPlayingHtml } from "../../middleware/now_playing.tsx";

export function nowPlayingRoutes({ options }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/", async (c) => {
    if (!options.nowPlaying) return c.text("Not available", 404);
    c.header("Cache-Control", "no-store");
    c.header("Vary", "Cookie");
    return c.html(await nowPlayingHtml(options.nowPlaying, getCookie(c, LISTENER_COOKIE)));
  });
  return app;
}
