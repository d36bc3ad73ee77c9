/** The web app: routes right after their handlers' data, one layout, static files served by the program. */
import { Hono } from "hono";
import { jsxRenderer } from "hono/jsx-renderer";
import { secureHeaders } from "hono/secure-headers";
import htmxScript from "htmx.org/dist/htmx.min.js" with { type: "text" };
import type { Warehouse } from "../warehouse/duckdb.ts";
import { hoursPerYear, overview, topArtists, topTracks } from "../warehouse/queries.ts";
import { Layout } from "./layout.tsx";
import { OverviewPage } from "./pages/overview.tsx";
import styles from "./static/style.css" with { type: "text" };
import icon from "./static/icon.svg" with { type: "text" };

export interface AppOptions {
  /** The warehouse to read for this request, and whether it is the demo one. */
  warehouse: () => Promise<{ warehouse: Warehouse; isDemo: boolean }>;
  /** Time zone for dates shown on pages (the marts' local dates use the same). */
  timezone: string;
}

type Env = { Variables: { isDemo: boolean } };

declare module "hono" {
  interface ContextRenderer {
    (content: string | Promise<string>, props: { title: string }): Response | Promise<Response>;
  }
}

export function createApp({ warehouse, timezone }: AppOptions): Hono<Env> {
  const app = new Hono<Env>();

  app.use(secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      frameAncestors: ["'none'"],
    },
  }));

  app.get("/static/htmx.min.js", (c) => staticFile(c.req.raw, htmxScript, "text/javascript; charset=utf-8"));
  app.get("/static/style.css", (c) => staticFile(c.req.raw, styles, "text/css; charset=utf-8"));
  app.get("/static/icon.svg", (c) => staticFile(c.req.raw, icon, "image/svg+xml"));
  app.get("/favicon.ico", (c) => staticFile(c.req.raw, icon, "image/svg+xml"));

  app.use(
    "*",
    jsxRenderer(({ children, title }, c) => (
      <Layout title={title} isDemo={c.get("isDemo")} path={c.req.path}>{children}</Layout>
    )),
  );

  app.get("/", async (c) => {
    const current = await warehouse();
    c.set("isDemo", current.isDemo);
    const [totals, artists, tracks, years] = await Promise.all([
      overview(current.warehouse),
      topArtists(current.warehouse, { limit: 10 }),
      topTracks(current.warehouse, { limit: 10 }),
      hoursPerYear(current.warehouse),
    ]);
    return c.render(
      <OverviewPage totals={totals} artists={artists} tracks={tracks} years={years} timezone={timezone} />,
      { title: "Overview" },
    );
  });

  return app;
}

/** Serves an embedded file with a strong ETag, so browsers revalidate instead of downloading again. */
async function staticFile(request: Request, body: string, contentType: string): Promise<Response> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body));
  const etag = `"${
    [...new Uint8Array(digest).slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("")
  }"`;
  const headers = { "content-type": contentType, etag, "cache-control": "public, max-age=3600" };
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(body, { headers });
}
