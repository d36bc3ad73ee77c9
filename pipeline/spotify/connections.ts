/**
 * Connecting Spotify accounts: the OAuth consent (PKCE) and fresh access tokens. The tokens themselves are kept
 * by warehouse/state/spotify_connections.ts.
 */
import type { SpotifyConfig } from "../../config.ts";
import type { Warehouse } from "../../warehouse/duckdb.ts";
import {
  deleteAuthRequest,
  findAuthRequest,
  markNeedsReconnect,
  saveAuthRequest,
  saveTokens,
  storedTokens,
} from "../../warehouse/state/spotify_connections.ts";
import {
  authorizeUrl,
  createPkcePair,
  exchangeCode,
  hasLibraryScopes,
  randomState,
  ReconnectNeeded,
  refreshTokens,
  SpotifyAuthError,
  type TokenSet,
} from "./oauth.ts";

/** Starts a consent for `user`: the URL to open; the verifier waits in the warehouse for the redirect. */
export async function startConnect(
  warehouse: Warehouse,
  config: SpotifyConfig,
  user: string,
): Promise<string> {
  const { verifier, challenge } = await createPkcePair();
  const state = randomState();
  await saveAuthRequest(warehouse, { state, user, verifier });
  return authorizeUrl(config, { state, challenge });
}

/** Finishes a consent: checks the state, exchanges the code, stores the tokens. Returns the user connected. */
export async function completeConnect(
  warehouse: Warehouse,
  config: SpotifyConfig,
  { code, state }: { code: string; state: string },
): Promise<string> {
  const request = await findAuthRequest(warehouse, state);
  if (!request) {
    throw new SpotifyAuthError(
      "This consent is unknown or expired (state does not match): start connecting again",
    );
  }
  const tokens = await exchangeCode(config, { code, verifier: request.codeVerifier });
  if (!tokens.refreshToken) throw new SpotifyAuthError("Spotify's answer has no refresh_token");
  await deleteAuthRequest(warehouse, state);
  await saveTokens(warehouse, request.userName, stored(tokens), { fresh: true });
  return request.userName;
}

/**
 * A valid access token for `user`, refreshed when it expires within a minute. A rotated refresh token is stored
 * at once; `invalid_grant` marks the connection "needs reconnect" and throws ReconnectNeeded.
 */
export async function accessToken(
  warehouse: Warehouse,
  config: SpotifyConfig,
  user: string,
): Promise<string> {
  const row = await storedTokens(warehouse, user);
  if (!row) throw new SpotifyAuthError(`"${user}" has not connected Spotify`);
  if (row.status === "needs_reconnect" || !row.refreshToken) {
    throw new ReconnectNeeded(`"${user}" must connect Spotify again`);
  }
  if (row.accessToken && row.accessExpiresAt && row.accessExpiresAt.getTime() - Date.now() > 60_000) {
    return row.accessToken;
  }
  try {
    const tokens = await refreshTokens(config, row.refreshToken);
    await saveTokens(warehouse, user, stored(tokens), { fresh: false });
    return tokens.accessToken;
  } catch (error) {
    if (error instanceof ReconnectNeeded) await markNeedsReconnect(warehouse, user, error.message);
    throw error;
  }
}

/** A token answer as the warehouse keeps it: the library consent follows the scope Spotify reported. */
function stored(tokens: TokenSet) {
  return { ...tokens, libraryConsent: tokens.scope === undefined ? null : hasLibraryScopes(tokens.scope) };
}
