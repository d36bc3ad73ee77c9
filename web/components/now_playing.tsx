/**
 * The "Now playing" line: what each listener (or the one chosen in the header) plays right now, from a player's
 * playing_now or Spotify's currently-playing. Rendered into the page on the server, so it shows without
 * JavaScript; with htmx it asks /now-playing again every 15 s and replaces itself.
 */
import { raw } from "hono/html";
import type { NowPlaying } from "../../lib/now_playing.ts";

/** Where the line goes in a cached page: filled in on every request (web/middleware/now_playing.ts). */
export const NOW_PLAYING_SLOT = "<!--now-playing-->";

export function NowPlayingSlot() {
  return raw(NOW_PLAYING_SLOT);
}

export function NowPlayingLine({ playing, showUser }: { playing: NowPlaying[]; showUser: boolean }) {
  return (
    <section
      id="now-playing"
      class="now-playing"
      aria-label="Now playing"
      aria-live="polite"
      hx-get="/now-playing"
      hx-trigger="every 15s"
      hx-swap="outerHTML"
    >
      {playing.length === 0
        ? <p class="now-playing-idle">Nothing playing right now.</p>
        : playing.map((entry) => {
          const where = [showUser ? entry.user : "", entry.client ? `on ${entry.client}` : ""].filter(
            Boolean,
          );
          return (
            <p>
              <span class="now-playing-label">Now playing</span> <strong>{entry.track}</strong> by{" "}
              {entry.artist}
              {entry.album && <span class="now-playing-more">· {entry.album}</span>}
              {where.length > 0 && <span class="now-playing-more">· {where.join(", ")}</span>}
            </p>
          );
        })}
    </section>
  );
}
