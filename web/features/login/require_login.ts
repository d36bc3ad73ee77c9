/**
 * With a password, everything but the login form, static files, liveness and share links needs a session; the
 * CLI on this machine may still call the API (it cannot log in).
 */
import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { AppEnv } from "../../env.ts";
import { isLoopbackHost, remoteAddress } from "../../request.ts";
import type { Sessions } from "./sessions.ts";

/** The cookie holding a logged-in session's id. */
export const SESSION_COOKIE = "mt_session";

export function requireLogin(sessions: Sessions): MiddlewareHandler<AppEnv> {
  return async function requireLogin(c, next) {
    const path = c.req.path;
    // Share links carry their own signed permission.
    const open = path === "/login" || path === "/healthz" || path.startsWith("/static/") ||
      path === "/favicon.ico" || path.startsWith("/share/");
    const localApi = path.startsWith("/api/") && isLoopbackHost(remoteAddress(c) ?? "");
    if (sessions.isValid(getCookie(c, SESSION_COOKIE))) {
      c.set("signedIn", true);
      return await next();
    }
    if (open || localApi) return await next();
    if (c.req.method === "GET" && !path.startsWith("/api/")) {
      return c.redirect(`/login?next=${encodeURIComponent(path + (new URL(c.req.url).search))}`, 303);
    }
    return c.json({ error: "log in first" }, 401);
  };
}
