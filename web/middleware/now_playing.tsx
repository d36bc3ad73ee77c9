/**
 * Fills the Now playing slot of a page (NowPlayingSlot) on every request, after the page cache: the page stays
 * cached per data version while what plays changes by the minute. Shows the listener chosen in the header, else
 * everyone playing (with their names).
 */
import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { NowPlayingBoard } from "../../lib/now_playing.ts";
import { NOW_PLAYING_SLOT, NowPlayingLine } from "../components/now_playing.tsx";
import type { AppEnv } from "../env.ts";
import { gunzip, gzip } from "./page_cache.ts";
import { LISTENER_COOKIE } from "./request_context.ts";

/** The line for this request: the chosen listener's, else everyone's. */
export async function nowPlayingHtml(board: NowPlayingBoard, listener: string | undefined): Promise<string> {
  const playing = listener ? [board.get(listener)].filter((entry) => entry !== undefined) : board.all();
  return String(await (<NowPlayingLine playing={playing} showUser={!listener} />).toString());
}

export function fillNowPlaying(board: NowPlayingBoard | undefined): MiddlewareHandler<AppEnv> {
  // The cached page comes gzipped (PageCache): the last page filled, gzipped again, is reused while neither the
  // page nor the line changes, so a busy overview is not compressed again for every request.
  let last: { page: Uint8Array; line: string; filled: Uint8Array<ArrayBuffer> } | undefined;
  return async function fillNowPlaying(c, next) {
    await next();
    if (!board || c.res.status !== 200 || !c.res.headers.get("content-type")?.startsWith("text/html")) return;
    const line = await nowPlayingHtml(board, getCookie(c, LISTENER_COOKIE));
    const headers = new Headers(c.res.headers);
    headers.delete("content-length");
    if (c.res.headers.get("content-encoding") !== "gzip") {
      const html = await c.res.text();
      c.res = undefined;
      c.res = new Response(html.replace(NOW_PLAYING_SLOT, line), { status: 200, headers });
      return;
    }
    const page = new Uint8Array(await c.res.arrayBuffer());
    if (!last || last.line !== line || !sameBytes(last.page, page)) {
      const html = await new Response(gunzip(page)).text();
      last = { page, line, filled: await gzip(html.replace(NOW_PLAYING_SLOT, line)) };
    }
    headers.set("content-length", String(last.filled.byteLength));
    c.res = undefined;
    c.res = new Response(last.filled, { status: 200, headers });
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
