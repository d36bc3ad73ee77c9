/** The listener switch in the header: which member of a household the analysis pages show (a cookie). */
import { Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { listenerNames } from "../../../warehouse/listener_views.ts";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { LISTENER_COOKIE } from "../../middleware/request_context.ts";
import { safeNext } from "../../request.ts";

export function listenerRoutes({ options }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/", async (c) => {
    const form = await c.req.parseBody();
    const listener = String(form.listener ?? "");
    const names = await listenerNames((await options.warehouse()).warehouse);
    if (listener === "") deleteCookie(c, LISTENER_COOKIE, { path: "/" });
    else if (names.includes(listener)) {
      setCookie(c, LISTENER_COOKIE, listener, {
        path: "/",
        httpOnly: true,
        sameSite: "Strict",
        maxAge: 365 * 24 * 3600,
      });
    } else return c.text(`No listener is called “${listener}”.`, 400);
    // Back to the page the switch was on (pages send no Referer: Referrer-Policy is no-referrer).
    return c.redirect(safeNext(typeof form.next === "string" ? form.next : undefined), 303);
  });

  return app;
}
