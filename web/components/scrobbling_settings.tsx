/**
 * The Settings section for other players: the URL to enter in each (README, "Other players: the ListenBrainz API"), the
 * listen tokens (who they are for, when made and last used, revoke) and the form that makes one, and what
 * Spotify's now-playing polling costs when REALTIME_POLL_SECONDS is set.
 */
import type { ListenToken } from "../../warehouse/state/listen_tokens.ts";
import { formatInteger } from "../format.ts";
import { formatTime } from "./spotify_tables.tsx";

export interface ScrobblingProps {
  tokens: ListenToken[];
  /** This site's origin, for the URLs to enter. */
  origin: string;
  /** Spotify's currently-playing polling, when on. */
  realtime?: { pollSeconds: number; accounts: number };
}

export function ScrobblingSettings({ tokens, origin, realtime }: ScrobblingProps) {
  const base = `${origin}/apis/listenbrainz`;
  return (
    <section aria-labelledby="scrobbling-heading">
      <h2 id="scrobbling-heading">Other players</h2>
      <p>
        Navidrome, Jellyfin, Web Scrobbler, multi-scrobbler, Pano Scrobbler and anything else that scrobbles
        to ListenBrainz can send plays here instead. Make a token for the listener, then enter it in the
        player with this server as its ListenBrainz URL: <code>{base}/1/</code> (Navidrome),{" "}
        <code>{base}</code> (Jellyfin, multi-scrobbler, Pano Scrobbler) or{" "}
        <code>{base}/1/submit-listens</code> (Web Scrobbler).
      </p>
      {tokens.length === 0 ? <p>No tokens yet.</p> : (
        <table>
          <thead>
            <tr>
              <th scope="col">Listener</th>
              <th scope="col">Name</th>
              <th scope="col">Made (UTC)</th>
              <th scope="col">Last used (UTC)</th>
              <th scope="col"></th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr>
                <td>{token.user}</td>
                <td>{token.label ?? ""}</td>
                <td>{formatTime(token.createdAt)}</td>
                <td>{token.lastUsedAt ? formatTime(token.lastUsedAt) : "never"}</td>
                <td>
                  <form method="post" action={`/settings/tokens/${token.id}/revoke`}>
                    <button type="submit">Revoke</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action="/settings/tokens" class="inline-form">
        <label>
          Listener
          <input name="user" required pattern="[\p{L}\p{N}_.@-]{1,64}" value="me" />
        </label>
        <label>
          Name (optional)
          <input name="label" maxlength={40} placeholder="Navidrome" />
        </label>
        <button type="submit">Make a token</button>
      </form>
      {realtime && (
        <p>
          Now playing from Spotify: asked every {realtime.pollSeconds} s for {realtime.accounts}{" "}
          connected account{realtime.accounts === 1 ? "" : "s"}, about{" "}
          {formatInteger(Math.ceil(86_400 / realtime.pollSeconds) * realtime.accounts)}{" "}
          requests a day (the recently-played polls come on top).
        </p>
      )}
    </section>
  );
}
