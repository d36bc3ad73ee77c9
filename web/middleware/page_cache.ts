/**
 * Rendered pages cached per data version: the marts change only when a job (import, ingest, build) finishes, so
 * until then the same URL renders the same page. Keyed by URL, whether it is an htmx fragment request, whether
 * someone is logged in, and which listener is shown. The analysis features use it (app.tsx hands it to them);
 * the state pages (Jobs, Settings) use a second one on a version that also moves with every job and form sent;
 * Import, whose progress changes by itself, none.
 *
 * Memory: the pages are kept gzipped, at most `maxBytes` of them (8 MB: 200-400 of the 20-50 kB a 100-250 kB page
 * gzips to), least recently used first out, and all of them are dropped when the version changes (no old page is
 * served again). A browser (any client that accepts gzip) gets the kept bytes as they are: compressing a cached
 * page again for every request made ~100 kB of garbage each, which 8 clients piled up by ~25 MB a page until
 * V8 collected it. A client that does not accept gzip gets the page unzipped on the way out. Middleware after
 * the cache that changes a page (fillNowPlaying) gets it gzipped too: see gzip() and gunzip().
 *
 * It also counts visits per page (at most 100 pages remembered, each with the request's cookie and
 * client address) so that `warm()` can render the most visited ones again, in the background, after a version
 * change: a listener then meets them already rendered.
 */
import type { MiddlewareHandler } from "hono";

export interface PageCacheOptions {
  /** Changes whenever the data the pages show may have changed. */
  version: () => string;
  /** Bytes of pages kept. Default 8 MB. */
  maxBytes?: number;
}

interface Entry {
  /** The page, gzipped. */
  gzipped: Uint8Array<ArrayBuffer>;
  /** Its headers as rendered (no Content-Encoding). */
  headers: [string, string][];
}

/** How to ask for a page again: its URL, the headers that choose what it shows, and who asked. */
interface Visit {
  count: number;
  url: string;
  headers: Record<string, string>;
  env: unknown;
}

/** Pages whose visits are remembered for warming; the least visited is forgotten first. */
const MAX_VISITS = 100;

export class PageCache {
  readonly #version: () => string;
  readonly #maxBytes: number;
  #shownVersion = "";
  #entries = new Map<string, Entry>();
  #bytes = 0;
  #visits = new Map<string, Visit>();
  #warming = false;
  /** The requests warm() makes, which are not visits. */
  #warmRequests = new WeakSet<Request>();

  constructor({ version, maxBytes = 8 * 1024 * 1024 }: PageCacheOptions) {
    this.#version = version;
    this.#maxBytes = maxBytes;
  }

  /** Pages and bytes held now. */
  get size(): { pages: number; bytes: number } {
    return { pages: this.#entries.size, bytes: this.#bytes };
  }

  /** The middleware: answers from the cache, else renders and keeps a 200 HTML page that sets no cookie. */
  readonly middleware: MiddlewareHandler = async (c, next) => {
    if (c.req.method !== "GET") return await next();
    this.#checkVersion();
    const headers: Record<string, string> = {};
    for (const name of ["hx-request", "cookie"]) {
      const value = c.req.header(name);
      if (value) headers[name] = value;
    }
    const key = cacheKey(c.req.url, headers);
    if (!this.#warmRequests.has(c.req.raw)) this.#visited(key, c.req.url, headers, c.env);
    const wantsGzip = acceptsGzip(c.req.header("accept-encoding"));
    const hit = this.#entries.get(key);
    if (hit) {
      this.#entries.delete(key); // most recently used goes last
      this.#entries.set(key, hit);
      return answer(hit, wantsGzip);
    }
    const version = this.#shownVersion;
    await next();
    const type = c.res.headers.get("content-type") ?? "";
    if (c.res.status !== 200 || !type.startsWith("text/html") || c.res.headers.has("set-cookie")) return;
    if (c.res.headers.has("content-encoding") || !c.res.body) return;
    // A page rendered while the version moved may show either: keep it only under the one it started in.
    if (this.#version() !== version) return;
    const entry = { headers: [...c.res.headers], gzipped: await gzip(c.res.body) };
    this.#keep(key, entry);
    // Compressed once, here: the compress() middleware leaves a response with a Content-Encoding alone. (Hono
    // copies the old response's headers onto a new one; set undefined first, the old length must not stay.)
    c.res = undefined;
    c.res = answer(entry, wantsGzip);
  };

  /**
   * Renders again, through `fetch` (the app's), up to `max` of the most visited pages that the current version
   * has not cached yet, one at a time, and stops as soon as `busy()` says a job is running: warming never holds
   * up a job for longer than the page it is rendering. Returns the number of pages rendered.
   */
  async warm(
    fetch: (request: Request, env: unknown) => Response | Promise<Response>,
    { max = 8, busy = () => false }: { max?: number; busy?: () => boolean } = {},
  ): Promise<number> {
    if (this.#warming) return 0;
    this.#warming = true;
    let rendered = 0;
    try {
      this.#checkVersion();
      const visits = [...this.#visits.entries()].sort(([, a], [, b]) => b.count - a.count).slice(0, max);
      for (const [key, visit] of visits) {
        if (busy()) break;
        if (this.#entries.has(key)) continue;
        const request = new Request(visit.url, { headers: visit.headers });
        this.#warmRequests.add(request);
        const response = await fetch(request, visit.env);
        await response.body?.cancel();
        rendered++;
      }
    } finally {
      this.#warming = false;
    }
    return rendered;
  }

  #checkVersion(): void {
    const version = this.#version();
    if (version === this.#shownVersion) return;
    this.#shownVersion = version;
    this.#entries.clear();
    this.#bytes = 0;
  }

  #keep(key: string, entry: Entry): void {
    if (entry.gzipped.byteLength > this.#maxBytes) return;
    const old = this.#entries.get(key);
    if (old) this.#bytes -= old.gzipped.byteLength;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    this.#bytes += entry.gzipped.byteLength;
    for (const [oldest, { gzipped }] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= gzipped.byteLength;
    }
  }

  #visited(key: string, url: string, headers: Record<string, string>, env: unknown): void {
    const visit = this.#visits.get(key);
    if (visit) {
      visit.count++;
      visit.headers = headers; // the latest cookie: an older session may have ended
      visit.env = env;
      return;
    }
    if (this.#visits.size >= MAX_VISITS) {
      let least: string | undefined;
      for (const [k, v] of this.#visits) if (!least || v.count < this.#visits.get(least)!.count) least = k;
      this.#visits.delete(least!);
    }
    this.#visits.set(key, { count: 1, url, headers, env });
  }
}

/** A kept page: its gzipped bytes as they are, or unzipped for a client that does not accept gzip. */
function answer(entry: Entry, wantsGzip: boolean): Response {
  const headers = new Headers(entry.headers);
  headers.append("vary", "accept-encoding");
  if (!wantsGzip) return new Response(gunzip(entry.gzipped), { headers });
  headers.set("content-encoding", "gzip");
  headers.set("content-length", String(entry.gzipped.byteLength));
  return new Response(entry.gzipped, { headers });
}

/** `body` gzipped. */
export async function gzip(body: BodyInit): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Response(body).body!.pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Gzipped bytes, unzipped. */
export function gunzip(gzipped: Uint8Array<ArrayBuffer>): ReadableStream<Uint8Array<ArrayBuffer>> {
  return new Blob([gzipped]).stream().pipeThrough(new DecompressionStream("gzip"));
}

/** Whether an Accept-Encoding header allows gzip (listed, or `*`, without `q=0`). */
function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let star = false;
  for (const part of header.toLowerCase().split(",")) {
    const [coding, ...params] = part.trim().split(";").map((word) => word.trim());
    const refused = params.some((param) => /^q=0(?:\.0*)?$/.test(param));
    if (coding === "gzip" || coding === "x-gzip") return !refused;
    if (coding === "*") star = !refused;
  }
  return star;
}

/** Requests that get the same page: the URL, an htmx fragment or not, logged in or not, the listener shown. */
function cacheKey(url: string, headers: Record<string, string>): string {
  const cookie = headers.cookie ?? "";
  return [
    headers["hx-request"] ?? "",
    cookie ? "cookie" : "",
    // the listener a household member chose: their pages differ
    /(?:^|;\s*)listener=([^;]*)/.exec(cookie)?.[1] ?? "",
    url,
  ].join("|");
}
