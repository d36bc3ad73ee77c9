/**
 * How to connect Spotify under its 2025-26 rules, shown on Settings and in the first-run setup: the exact
 * redirect URI to register, the rules in a short list, and what the check found, in words.
 */
import type { SpotifyCheck } from "../env.ts";

export interface SpotifyGuideProps {
  /** The redirect URI this server sends (SPOTIFY_REDIRECT_URI, or http://127.0.0.1:PORT/callback). */
  redirectUri: string;
  /** This page's origin, to suggest an https redirect URI when the page is served over https. */
  origin: string;
  /** What the last check found; undefined before one ran. */
  checks?: SpotifyCheck[];
  /** Offer the check button (a client id is set). */
  canCheck: boolean;
  /** Where the check form posts. */
  checkAction?: string;
}

export function SpotifyGuide(
  { redirectUri, origin, checks, canCheck, checkAction = "/settings/spotify/check" }: SpotifyGuideProps,
) {
  const https = origin.startsWith("https://") && !redirectUri.startsWith(origin);
  return (
    <div class="panel spotify-guide">
      <h3>Connecting Spotify: what Spotify asks for</h3>
      <ol>
        <li>
          Create an app at{" "}
          <a href="https://developer.spotify.com/dashboard">developer.spotify.com/dashboard</a>{" "}
          (the Web API is enough) and register exactly this redirect URI in it:{" "}
          <code class="redirect-uri">{redirectUri}</code>
          {https && (
            <>
              {" "}(or, as this page is served over HTTPS, <code>{`${origin}/callback`}</code>, with{" "}
              <code>SPOTIFY_REDIRECT_URI</code> set to it)
            </>
          )}.
        </li>
        <li>
          Copy the app's Client ID into <code>SPOTIFY_CLIENT_ID</code> below, then check it.
        </li>
      </ol>
      <p>The rules since 2025–26:</p>
      <ul class="rules">
        <li>
          The app's owner needs <strong>Spotify Premium</strong>{" "}
          (since February 2026; every app since 9 March 2026), or Spotify refuses every request.
        </li>
        <li>
          An app in development mode serves at most{" "}
          <strong>5 users</strong>, each added by the e-mail address of their Spotify account under the app's
          User Management.
        </li>
        <li>
          Redirect URIs must be <strong>https</strong>, or plain http on a loopback address such as{" "}
          <code>http://127.0.0.1:8080/callback</code>; <code>localhost</code> and LAN addresses are refused.
        </li>
        <li>
          From another device (a NAS), Spotify sends the browser to{" "}
          <code>127.0.0.1</code>, which does not load: paste that address into the form below, and the
          connection completes.
        </li>
        <li>A developer may have one development-mode client ID.</li>
      </ul>
      {canCheck && (
        <form method="post" action={checkAction} class="inline-form">
          <button type="submit">Check the Spotify app</button>
        </form>
      )}
      {checks && <SpotifyChecks checks={checks} />}
    </div>
  );
}

export function SpotifyChecks({ checks }: { checks: SpotifyCheck[] }) {
  return (
    <ul class="checks" aria-label="What the check found">
      {checks.map((check) => (
        <li>
          <span
            class={`status status-${
              check.status === "ok" ? "succeeded" : check.status === "problem" ? "failed" : "skipped"
            }`}
          >
            {check.status === "ok" ? "OK" : check.status === "problem" ? "Problem" : "Not known yet"}
          </span>{" "}
          <strong>{check.subject}</strong>: {check.says}
        </li>
      ))}
    </ul>
  );
}
