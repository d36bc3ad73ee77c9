/**
 * The files the program serves itself (htmx, the time zone guess of the setup, the style sheet, the icon),
 * embedded, with strong ETags.
 */
import { Hono } from "hono";
import htmxScript from "htmx.org/dist/htmx.min.js" with { type: "text" };
import styles from "./static/style.css" with { type: "text" };
import icon from "./static/icon.svg" with { type: "text" };
import setupScript from "./static/setup.js" with { type: "text" };

export function staticRoutes(): Hono {
  const app = new Hono();
  app.get("/static/htmx.min.js", (c) => staticFile(c.req.raw, htmxScript, "text/javascript; charset=utf-8"));
  app.get("/static/setup.js", (c) => staticFile(c.req.raw, setupScript, "text/javascript; charset=utf-8"));
  app.get("/static/style.css", (c) => staticFile(c.req.raw, styles, "text/css; charset=utf-8"));
  app.get("/static/icon.svg", (c) => staticFile(c.req.raw, icon, "image/svg+xml"));
  app.get("/favicon.ico", (c) => staticFile(c.req.raw, icon, "image/svg+xml"));
  return app;
}

/** Serves an embedded file with a strong ETag, so browsers revalidate instead of downloading again. */
async function staticFile(request: Request, body: string, contentType: string): Promise<Response> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body));
  const etag = `"${
    [...new Uint8Array(digest).slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("")
  }"`;
  const headers = { "content-type": contentType, etag, "cache-control": "public, max-age=3600" };
  // compress() weakens the ETag it sends (W/"…"), so a browser may send either form back.
  const known = request.headers.get("if-none-match")?.replace(/^W\//, "");
  if (known === etag) return new Response(null, { status: 304, headers });
  return new Response(body, { headers });
}
