/**
 * Spotify's authorization code flow with PKCE (S256): the consent URL, the code exchange and token refresh,
 * speaking the accounts service's wire format (form-encoded requests, JSON answers, `{error, error_description}`).
 */
import type { SpotifyConfig } from "../../config.ts";
import { UserError } from "../../lib/errors.ts";

/** What the library snapshot reads: liked songs, followed artists, own playlists. */
export const LIBRARY_SCOPES = ["user-library-read", "user-follow-read", "playlist-read-private"];

/** True when a granted scope (space-separated, as Spotify reports it) includes every library scope. */
export function hasLibraryScopes(scope: string): boolean {
  const granted = new Set(scope.split(/\s+/));
  return LIBRARY_SCOPES.every((needed) => granted.has(needed));
}

/**
 * Everything Music Tracker asks for: read-only, and nothing it does not use (currently-playing: the Now playing
 * line and the episodes recently-played never reports, when REALTIME_POLL_SECONDS is set).
 */
export const SCOPES = ["user-read-recently-played", ...LIBRARY_SCOPES, "user-read-currently-playing"];

export interface TokenSet {
  accessToken: string;
  /** Absent when Spotify keeps the old one (refresh responses may omit it). */
  refreshToken: string | undefined;
  expiresAt: Date;
  scope: string | undefined;
}

/** The refresh token is no longer valid (revoked, or 6 months old): the user has to connect again. */
export class ReconnectNeeded extends UserError {}

/** Anything else the accounts service refused, or could not be reached for. */
export class SpotifyAuthError extends UserError {}

export interface PkcePair {
  verifier: string;
  challenge: string;
}

/** A random verifier (64 URL-safe characters) and its S256 challenge. */
export async function createPkcePair(): Promise<PkcePair> {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(48)));
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return { verifier, challenge: base64Url(new Uint8Array(digest)) };
}

export function randomState(): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(24)));
}

export function authorizeUrl(
  config: SpotifyConfig,
  { state, challenge }: { state: string; challenge: string },
): string {
  const url = new URL(`${config.accountsBaseUrl}/authorize`);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    response_type: "code",
    redirect_uri: config.redirectUri,
    code_challenge_method: "S256",
    code_challenge: challenge,
    state,
    scope: SCOPES.join(" "),
  }).toString();
  return url.toString();
}

/** Reads `code` and `state` from the URL Spotify redirected to (pasted by the user, or hit on the callback). */
export function parseRedirect(pasted: string): { code: string; state: string } {
  let url: URL;
  try {
    url = new URL(pasted.trim());
  } catch {
    throw new SpotifyAuthError("That is not a URL: paste the whole address Spotify sent your browser to");
  }
  const error = url.searchParams.get("error");
  if (error) throw new SpotifyAuthError(`Spotify did not connect: ${error}`);
  const code = url.searchParams.get("code");
  const state = url.searchParams.get("state");
  if (!code || !state) {
    throw new SpotifyAuthError("That URL has no code and state: paste the address Spotify redirected you to");
  }
  return { code, state };
}

export function exchangeCode(
  config: SpotifyConfig,
  { code, verifier }: { code: string; verifier: string },
): Promise<TokenSet> {
  return tokenRequest(config, {
    grant_type: "authorization_code",
    code,
    redirect_uri: config.redirectUri,
    code_verifier: verifier,
  });
}

export function refreshTokens(config: SpotifyConfig, refreshToken: string): Promise<TokenSet> {
  return tokenRequest(config, { grant_type: "refresh_token", refresh_token: refreshToken });
}

async function tokenRequest(config: SpotifyConfig, form: Record<string, string>): Promise<TokenSet> {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  const body = new URLSearchParams({ ...form, client_id: config.clientId });
  if (config.clientSecret) {
    headers.authorization = `Basic ${btoa(`${config.clientId}:${config.clientSecret}`)}`;
  }
  let response: Response;
  try {
    response = await fetch(`${config.accountsBaseUrl}/api/token`, {
      method: "POST",
      headers,
      body,
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new SpotifyAuthError(`Cannot reach Spotify's accounts service: ${(error as Error).message}`);
  }
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    const reason = `${json.error ?? response.status}${
      json.error_description ? `: ${json.error_description}` : ""
    }`;
    if (json.error === "invalid_grant") {
      throw new ReconnectNeeded(`Spotify refused the stored token (${reason})`);
    }
    throw new SpotifyAuthError(`Spotify's accounts service answered ${response.status} (${reason})`);
  }
  if (typeof json.access_token !== "string" || typeof json.expires_in !== "number") {
    throw new SpotifyAuthError("Spotify's token answer has no access_token/expires_in");
  }
  return {
    accessToken: json.access_token,
    refreshToken: typeof json.refresh_token === "string" && json.refresh_token
      ? json.refresh_token
      : undefined,
    expiresAt: new Date(Date.now() + json.expires_in * 1000),
    scope: typeof json.scope === "string" && json.scope ? json.scope : undefined,
  };
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
