/** The login form and logging out (only when the dashboard is reachable from other machines). */
import { Hono } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { SESSION_COOKIE, signIn } from "../../middleware/sessions.ts";
import { remoteAddress, safeNext } from "../../request.ts";
import { LoginPage } from "./page.tsx";
import { verifyPassword } from "../../../lib/passwords.ts";

export function loginRoutes({ options, sessions }: FeatureDeps): Hono<AppEnv> {
  const { logger } = options;
  const app = new Hono<AppEnv>();

  // No alerts and no listener switch here: who the household is stays behind the login.
  app.get("/login", (c) => {
    c.set("isDemo", false);
    return c.render(<LoginPage next={safeNext(c.req.query("next"))} />, { title: "Log in" });
  });

  app.post("/login", async (c) => {
    const auth = options.auth;
    if (!auth) return c.redirect("/", 303);
    const body = await c.req.parseBody();
    const next = safeNext(String(body.next ?? "/"));
    const address = remoteAddress(c) ?? "unknown";
    c.set("isDemo", false);
    if (!sessions.mayTry(address)) {
      c.status(429);
      return c.render(<LoginPage next={next} error="Too many failed attempts: wait 15 minutes." />, {
        title: "Log in",
      });
    }
    if (!verifyPassword(String(body.password ?? ""), auth.passwordHash)) {
      sessions.recordFailure(address);
      logger?.warn("failed login", { address });
      c.status(401);
      return c.render(<LoginPage next={next} error="That is not the admin password." />, { title: "Log in" });
    }
    signIn(c, sessions);
    return c.redirect(next, 303);
  });

  app.post("/logout", (c) => {
    sessions.end(getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.redirect("/login", 303);
  });

  return app;
}
