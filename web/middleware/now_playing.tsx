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
import { LISTENER_COOKIE } from "./request_context.ts";

/** The line for this request: the chosen listener's, else everyone's. */
export async function nowPlayingHtml(board: NowPlayingBoard, listener: string | undefined): Promise<string> {
  const playing = listener ? [board.get(listener)].filter((entry) => entry !== undefined) : board.all();
  return String(await (<NowPlayingLine playing={playing} showUser={!listener} />).toString());
}

export function fillNowPlaying(board: NowPlayingBoard | undefined): MiddlewareHandler<AppEnv> {
  return async function fillNowPlaying(c, next) {
    await next();
    if (!board || c.res.status !== 200 || !c.res.headers.get("content-type")?.startsWith("text/html")) return;
    const html = await c.res.text();
    const line = html.includes(NOW_PLAYING_SLOT)
      ? await nowPlayingHtml(board, getCookie(c, LISTENER_COOKIE))
      : "";
    const headers = new Headers(c.res.headers);
    headers.delete("content-length");
    c.res = new Response(html.replace(NOW_PLAYING_SLOT, line), { status: 200, headers });
  };
}
