/**
 * Rendered pages cached per data version: the marts change only when a job (import, ingest, build) finishes, so
 * until then the same URL renders the same page. A small LRU keyed by version, URL, whether it is an htmx
 * fragment request, whether someone is logged in, and which listener is shown. The analysis features use it
 * (app.tsx hands it to them); pages that change by themselves (Jobs, Settings, Import) never do.
 */
import type { MiddlewareHandler } from "hono";

export interface PageCacheOptions {
  /** Changes whenever the data the pages show may have changed. */
  version: () => string;
  /** Most pages kept. Default 300. */
  maxEntries?: number;
}

interface Entry {
  body: string;
  headers: [string, string][];
}

export function pageCache({ version, maxEntries = 300 }: PageCacheOptions): MiddlewareHandler {
  const entries = new Map<string, Entry>();
  return async function cachePages(c, next) {
    if (c.req.method !== "GET") return await next();
    const key = [
      version(),
      c.req.header("hx-request") ?? "",
      c.req.header("cookie") ? "cookie" : "",
      // the listener a household member chose: their pages differ
      /(?:^|;\s*)listener=([^;]*)/.exec(c.req.header("cookie") ?? "")?.[1] ?? "",
      c.req.url,
    ]
      .join("|");
    const hit = entries.get(key);
    if (hit) {
      entries.delete(key); // most recently used goes last
      entries.set(key, hit);
      return new Response(hit.body, { headers: hit.headers });
    }
    await next();
    const type = c.res.headers.get("content-type") ?? "";
    if (c.res.status !== 200 || !type.startsWith("text/html") || c.res.headers.has("set-cookie")) return;
    const body = await c.res.clone().text();
    entries.set(key, { body, headers: [...c.res.headers] });
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
  };
}
