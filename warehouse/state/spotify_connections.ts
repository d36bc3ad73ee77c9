/**
 * Spotify connections (`spotify_connection`, one per user of the household) and consents waiting for Spotify's
 * redirect (`spotify_auth_request`): the one module that reads or writes them, and so the only one that ever
 * touches tokens (never logged, never exported, never shown). The OAuth flow, ingest and library jobs call it;
 * Settings, Jobs and the alerts read `spotifyStatus`.
 */
import type { Warehouse } from "../duckdb.ts";
import { select, selectRow } from "../select.ts";
import { type IngestGap, recentGaps } from "./ingest_gaps.ts";
import saveTokensSql from "../../sql/state/save_spotify_tokens.sql" with { type: "text" };

export interface Connection {
  userName: string;
  status: "connected" | "needs_reconnect";
  /** The newest played_at (Unix ms) ingested: the next poll asks for plays after it. */
  cursorAfterMs: number | null;
  pausedUntil: Date | null;
  lastError: string | null;
  /** Whether the consent covers the library: null until Spotify says, false when the user must connect again. */
  libraryConsent: boolean | null;
}

/** What the token endpoint answered, as stored; `libraryConsent` is derived from the granted scope. */
export interface StoredTokens {
  accessToken: string;
  /** Absent when Spotify keeps the old one (refresh answers may omit it). */
  refreshToken: string | undefined;
  expiresAt: Date;
  scope: string | undefined;
  /** Null when Spotify reported no scope. */
  libraryConsent: boolean | null;
}

export interface SpotifyStatus {
  connections: (Omit<Connection, "cursorAfterMs"> & { connectedAt: Date; newestPlay: Date | null })[];
  gaps: IngestGap[];
}

/** Remembers a consent started for `user` until Spotify redirects back (a day at most). */
export async function saveAuthRequest(
  warehouse: Warehouse,
  { state, user, verifier }: { state: string; user: string; verifier: string },
): Promise<void> {
  await warehouse.run("delete from spotify_auth_request where created_at < now() - interval 1 day");
  await warehouse.run("insert into spotify_auth_request values ($1, $2, $3, now())", [state, user, verifier]);
}

/** The consent a redirect's `state` belongs to, if it started within the hour. */
export async function findAuthRequest(
  warehouse: Warehouse,
  state: string,
): Promise<{ userName: string; codeVerifier: string } | undefined> {
  return await selectRow(
    warehouse,
    `select user_name, code_verifier from spotify_auth_request
     where state = $1 and created_at > now() - interval 1 hour`,
    [state],
  );
}

export async function deleteAuthRequest(warehouse: Warehouse, state: string): Promise<void> {
  await warehouse.run("delete from spotify_auth_request where state = $1", [state]);
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
  return await select<Connection>(
    warehouse,
    `select user_name, status, cursor_after_ms, paused_until, last_error, library_consent from spotify_connection
     order by user_name`,
  );
}

/** How many accounts are connected (in any state). */
export async function connectionCount(warehouse: Warehouse): Promise<number> {
  return await warehouse.value<number>("select count(*) from spotify_connection");
}

/** What `user`'s stored tokens are, or undefined when the user never connected. */
export async function storedTokens(warehouse: Warehouse, user: string): Promise<
  | { refreshToken: string | null; accessToken: string | null; accessExpiresAt: Date | null; status: string }
  | undefined
> {
  return await selectRow(
    warehouse,
    "select refresh_token, access_token, access_expires_at, status from spotify_connection where user_name = $1",
    [user],
  );
}

/** Stores a token answer; `fresh` for a new consent (rather than a refresh). */
export async function saveTokens(
  warehouse: Warehouse,
  user: string,
  tokens: StoredTokens,
  { fresh }: { fresh: boolean },
): Promise<void> {
  await warehouse.run(saveTokensSql, [
    user,
    tokens.refreshToken ?? null,
    tokens.accessToken,
    tokens.expiresAt.toISOString(),
    tokens.scope ?? null,
    fresh,
    tokens.libraryConsent,
  ]);
}

/** Spotify refused the refresh token: the user has to connect again. */
export async function markNeedsReconnect(warehouse: Warehouse, user: string, message: string): Promise<void> {
  await warehouse.run(
    `update spotify_connection set status = 'needs_reconnect', access_token = null, last_error = $2,
     updated_at = now() where user_name = $1`,
    [user, message],
  );
}

/** No polling for `user` before `until` (a quota, a long Retry-After), and why. */
export async function pausePolling(
  warehouse: Warehouse,
  user: string,
  { until, reason }: { until: Date; reason: string },
): Promise<void> {
  await warehouse.run(
    "update spotify_connection set paused_until = $2::timestamptz, last_error = $3 where user_name = $1",
    [user, until.toISOString(), reason],
  );
}

/** Where `user`'s next poll starts: after this played_at (Unix ms), or from the start (null). */
export async function pollCursor(warehouse: Warehouse, user: string): Promise<number | null> {
  return await warehouse.value<number | null>(
    "select cursor_after_ms from spotify_connection where user_name = $1",
    [user],
  );
}

/** A poll landed plays up to `newestMs` (null: none new): move the cursor on and clear a pause or an error. */
export async function advancePollCursor(
  warehouse: Warehouse,
  user: string,
  newestMs: number | null,
): Promise<void> {
  await warehouse.run(
    `update spotify_connection set cursor_after_ms = coalesce(greatest(cursor_after_ms, $2::bigint), $2::bigint,
     cursor_after_ms), paused_until = null, last_error = null where user_name = $1`,
    [user, newestMs],
  );
}

/** Spotify refused the library for lack of scopes: remembered, so pages ask for a new consent. */
export async function refuseLibraryConsent(warehouse: Warehouse, user: string): Promise<void> {
  await warehouse.run("update spotify_connection set library_consent = false where user_name = $1", [user]);
}

/** Spotify connections (never their tokens) and the gaps ingestion found, for the settings page and banners. */
export async function spotifyStatus(warehouse: Warehouse): Promise<SpotifyStatus> {
  const connections = await select<SpotifyStatus["connections"][number]>(
    warehouse,
    `select user_name, status, connected_at, epoch_ms(cursor_after_ms) as newest_play, paused_until, last_error,
        library_consent
     from spotify_connection order by user_name`,
  );
  return { connections, gaps: await recentGaps(warehouse) };
}

/** Connected users whose consent predates the library scopes: they must connect again for it to be read. */
export function libraryConsentNeeded(status: SpotifyStatus): string[] {
  return status.connections
    .filter((connection) => connection.status === "connected" && connection.libraryConsent === false)
    .map((connection) => connection.userName);
}
