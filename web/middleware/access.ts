/**
 * Who may use the dashboard, decided per request (a password set on Settings applies at once):
 *
 * - with an admin password, everything but the login form, static files, liveness, /metrics (its own check) and
 *   share links needs a session; the CLI on this machine may still call the API (it cannot log in);
 * - without one, on 127.0.0.1 (the default) nobody else can reach the dashboard, so everything is open;
 * - without one but served beyond 127.0.0.1 (a NAS, Docker), nothing but the setup's password step is served,
 *   and only to a browser that opened the one-time setup link `serve` printed in its log.
 */
import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { AppEnv, WebOptions } from "../env.ts";
import { isLoopbackHost, remoteAddress } from "../request.ts";
import { SESSION_COOKIE, type Sessions } from "./sessions.ts";

/** The cookie a browser gets for the one-time setup link: it may set the admin password. */
export const SETUP_COOKIE = "mt_setup";

export function guardAccess(options: WebOptions, sessions: Sessions): MiddlewareHandler<AppEnv> {
  return async function guardAccess(c, next) {
    const path = c.req.path;
    const open = path === "/healthz" || path.startsWith("/static/") || path === "/favicon.ico" ||
      path === "/metrics";
    const localApi = path.startsWith("/api/") && isLoopbackHost(remoteAddress(c) ?? "");
    if (options.auth) {
      if (sessions.isValid(getCookie(c, SESSION_COOKIE))) {
        c.set("signedIn", true);
        return await next();
      }
      // Share links carry their own signed permission.
      if (open || localApi || path === "/login" || path.startsWith("/share/")) return await next();
      if (c.req.method === "GET" && !path.startsWith("/api/")) {
        return c.redirect(`/login?next=${encodeURIComponent(path + (new URL(c.req.url).search))}`, 303);
      }
      return c.json({ error: "log in first" }, 401);
    }
    if (!options.exposed || open || localApi) return await next();
    const link = options.setupLink;
    const redeeming = path === "/setup" && c.req.method === "GET" && c.req.query("token") !== undefined;
    const setting = path === "/setup/password" && link?.isSession(getCookie(c, SETUP_COOKIE));
    if (redeeming || setting) return await next();
    if (path.startsWith("/api/")) {
      return c.json({ error: "no admin password yet: open the setup link the server printed" }, 403);
    }
    return c.html(WAITING, 403);
  };
}

/** What anyone else sees until the admin password is set. */
const WAITING = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Waiting for an admin password · Music Tracker</title><link rel="stylesheet" href="/static/style.css"></head>
<body><main>
<h1>Music Tracker needs an admin password first</h1>
<p>This server can be reached from other machines, so nothing is shown until it has an admin password.</p>
<ul>
<li>Open the one-time setup link the server printed in its log when it started (<code>docker compose logs
music-tracker</code>, or the terminal running <code>serve</code>): it leads to the password step.</li>
<li>Or, on the server, run <code>deno task cli settings set ADMIN_PASSWORD -</code> (in Docker: <code>docker
compose exec -it music-tracker /app/music-tracker settings set ADMIN_PASSWORD -</code>) and type the password.</li>
</ul>
<p>A used link works no more: restart the server for a new one.</p>
</main></body></html>`;
