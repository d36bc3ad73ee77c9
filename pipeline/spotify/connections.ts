/**
 * Spotify connections in the warehouse: one per user, with tokens (never logged or shown), the ingestion cursor
 * and pauses. The only module that reads or writes tokens.
 */
import type { SpotifyConfig } from "../../config.ts";
import type { Warehouse } from "../../warehouse/duckdb.ts";
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

export interface Connection {
  userName: string;
  status: "connected" | "needs_reconnect";
  cursorAfterMs: number | null;
  pausedUntil: Date | null;
  lastError: string | null;
  /** Whether the consent covers the library: null until Spotify says, false when the user must connect again. */
  libraryConsent: boolean | null;
}

/** Starts a consent for `user`: the URL to open; the verifier waits in the warehouse for the redirect. */
export async function startConnect(
  warehouse: Warehouse,
  config: SpotifyConfig,
  user: string,
): Promise<string> {
  const { verifier, challenge } = await createPkcePair();
  const state = randomState();
  await warehouse.run("delete from spotify_auth_request where created_at < now() - interval 1 day");
  await warehouse.run("insert into spotify_auth_request values ($1, $2, $3, now())", [state, user, verifier]);
  return authorizeUrl(config, { state, challenge });
}

/** Finishes a consent: checks the state, exchanges the code, stores the tokens. Returns the user connected. */
export async function completeConnect(
  warehouse: Warehouse,
  config: SpotifyConfig,
  { code, state }: { code: string; state: string },
): Promise<string> {
  const [request] = await warehouse.rows<{ user_name: string; code_verifier: string }>(
    "select user_name, code_verifier from spotify_auth_request where state = $1 and created_at > now() - interval 1 hour",
    [state],
  );
  if (!request) {
    throw new SpotifyAuthError(
      "This consent is unknown or expired (state does not match): start connecting again",
    );
  }
  const tokens = await exchangeCode(config, { code, verifier: request.code_verifier });
  if (!tokens.refreshToken) throw new SpotifyAuthError("Spotify's answer has no refresh_token");
  await warehouse.run("delete from spotify_auth_request where state = $1", [state]);
  await saveTokens(warehouse, request.user_name, tokens, { fresh: true });
  return request.user_name;
}

/** Seeds a connection from SPOTIFY_REFRESH_TOKEN once; a stored token (maybe rotated since) always wins. */
export async function seedConnection(
  warehouse: Warehouse,
  user: string,
  refreshToken: string,
): Promise<boolean> {
  const exists = await warehouse.value<number>(
    "select count(*) from spotify_connection where user_name = $1",
    [user],
  );
  if (exists > 0) return false;
  await warehouse.run(
    `insert into spotify_connection (user_name, refresh_token, status, connected_at, updated_at)
     values ($1, $2, 'connected', now(), now())`,
    [user, refreshToken],
  );
  return true;
}

export async function listConnections(warehouse: Warehouse): Promise<Connection[]> {
  const rows = await warehouse.rows<{
    user_name: string;
    status: Connection["status"];
    cursor_after_ms: number | null;
    paused_until: Date | null;
    last_error: string | null;
    library_consent: boolean | null;
  }>(
    `select user_name, status, cursor_after_ms, paused_until, last_error, library_consent from spotify_connection
     order by user_name`,
  );
  return rows.map((row) => ({
    userName: row.user_name,
    status: row.status,
    cursorAfterMs: row.cursor_after_ms,
    pausedUntil: row.paused_until,
    lastError: row.last_error,
    libraryConsent: row.library_consent,
  }));
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
  const [row] = await warehouse.rows<{
    refresh_token: string | null;
    access_token: string | null;
    access_expires_at: Date | null;
    status: string;
  }>(
    "select refresh_token, access_token, access_expires_at, status from spotify_connection where user_name = $1",
    [
      user,
    ],
  );
  if (!row) throw new SpotifyAuthError(`"${user}" has not connected Spotify`);
  if (row.status === "needs_reconnect" || !row.refresh_token) {
    throw new ReconnectNeeded(`"${user}" must connect Spotify again`);
  }
  if (row.access_token && row.access_expires_at && row.access_expires_at.getTime() - Date.now() > 60_000) {
    return row.access_token;
  }
  try {
    const tokens = await refreshTokens(config, row.refresh_token);
    await saveTokens(warehouse, user, tokens, { fresh: false });
    return tokens.accessToken;
  } catch (error) {
    if (error instanceof ReconnectNeeded) {
      await warehouse.run(
        `update spotify_connection set status = 'needs_reconnect', access_token = null, last_error = $2,
         updated_at = now() where user_name = $1`,
        [user, error.message],
      );
    }
    throw error;
  }
}

async function saveTokens(
  warehouse: Warehouse,
  user: string,
  tokens: TokenSet,
  { fresh }: { fresh: boolean },
) {
  // A refresh answer without refresh_token keeps the old one (coalesce); a rotated one replaces it now. The
  // library consent follows the scope when Spotify reports one; a new consent without one is unknown again.
  await warehouse.run(
    `insert into spotify_connection
       (user_name, refresh_token, access_token, access_expires_at, scope, status, connected_at, updated_at,
        library_consent)
     values ($1, $2, $3, $4::timestamptz, $5, 'connected', now(), now(), $7)
     on conflict (user_name) do update set
       refresh_token = coalesce(excluded.refresh_token, spotify_connection.refresh_token),
       access_token = excluded.access_token,
       access_expires_at = excluded.access_expires_at,
       scope = coalesce(excluded.scope, spotify_connection.scope),
       status = 'connected',
       connected_at = case when $6 then now() else spotify_connection.connected_at end,
       updated_at = now(),
       last_error = null,
       library_consent = coalesce(
         excluded.library_consent,
         case when $6 then null else spotify_connection.library_consent end
       )`,
    [
      user,
      tokens.refreshToken ?? null,
      tokens.accessToken,
      tokens.expiresAt.toISOString(),
      tokens.scope ?? null,
      fresh,
      tokens.scope === undefined ? null : hasLibraryScopes(tokens.scope),
    ],
  );
}
