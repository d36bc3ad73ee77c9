/** A token just made: shown this once, with where it goes in a player. */

export interface NewTokenProps {
  user: string;
  label?: string;
  token: string;
  origin: string;
}

export function NewTokenPage({ user, label, token, origin }: NewTokenProps) {
  const base = `${origin}/apis/listenbrainz`;
  return (
    <>
      <h1>A token for “{user}”</h1>
      <p class="message message-ok" role="status">
        Copy it now: it is not shown again (only a hash of it is kept). {label ? `Name: ${label}.` : ""}
      </p>
      <p>
        <code id="new-token">{token}</code>
      </p>
      <ul>
        <li>
          Navidrome:{" "}
          <code>ND_LISTENBRAINZ_BASEURL={base}/1/</code>, then the token under Personal → ListenBrainz.
        </li>
        <li>
          Jellyfin's ListenBrainz plugin: API URL <code>{base}</code>, and the token as the user token.
        </li>
        <li>
          Web Scrobbler: ListenBrainz → custom API URL <code>{base}/1/submit-listens</code> and the token.
        </li>
        <li>
          multi-scrobbler: a ListenBrainz client with url <code>{base}/</code>, token, username {user}.
        </li>
        <li>
          Pano Scrobbler: ListenBrainz, custom API root <code>{base}/</code>, and the token.
        </li>
      </ul>
      <p>
        <a href="/settings">Back to Settings</a>
      </p>
    </>
  );
}
