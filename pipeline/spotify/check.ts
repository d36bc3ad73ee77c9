/**
 * The Spotify check on Settings: tries the configured app the way connecting would, and says in words what is
 * wrong. Spotify tells different things at different steps:
 *
 * - `GET /authorize` (no user needed) shows "INVALID_CLIENT: Invalid client" for an unknown client id and
 *   "INVALID_CLIENT: Invalid redirect URI" for a redirect URI the app does not list; otherwise it sends the
 *   browser on to log in;
 * - `POST /api/token` with `client_credentials` answers `invalid_client` for a wrong client secret;
 * - only a connected account's requests show the 2026 rules: a 403 "Active premium subscription required for
 *   the owner of the app" (plain text), or a 403 saying the user "may not be registered" / "is not registered
 *   for this application" (not on the app's list of at most 5 users).
 */
import type { SpotifyConfig } from "../../config.ts";
import type { Warehouse } from "../../warehouse/duckdb.ts";
import { listConnections } from "../../warehouse/state/spotify_connections.ts";
import { accessToken } from "./connections.ts";
import { ReconnectNeeded, SCOPES } from "./oauth.ts";

export interface SpotifyCheck {
  subject: string;
  status: "ok" | "problem" | "unknown";
  says: string;
}

const TIMEOUT_MS = 10_000;
const PREMIUM = /premium/i;
const NOT_ON_LIST = /not (be )?registered|not approved/i;

/** Every finding, in order: the client ID, the redirect URI, the client secret, then each connected account. */
export async function checkSpotify(
  config: SpotifyConfig,
  { warehouse }: { warehouse?: Warehouse } = {},
): Promise<SpotifyCheck[]> {
  const app = await checkApp(config);
  if (app.some((check) => check.status !== "ok")) return app;
  if (config.clientSecret) app.push(await checkSecret(config));
  const users = warehouse
    ? (await listConnections(warehouse)).filter((connection) => connection.status === "connected")
    : [];
  if (users.length === 0) {
    app.push({
      subject: "accounts",
      status: "unknown",
      says:
        "No account is connected yet. Whether the app's owner has Premium and whether an account is on the " +
        "app's user list shows only once someone has connected: connect one, then check again.",
    });
  }
  for (const user of users) app.push(await checkAccount(config, warehouse!, user.userName));
  return app;
}

/** The client id and the redirect URI, from what the consent page answers (nothing is consented to). */
async function checkApp(config: SpotifyConfig): Promise<SpotifyCheck[]> {
  const url = new URL(`${config.accountsBaseUrl}/authorize`);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    response_type: "code",
    redirect_uri: config.redirectUri,
    code_challenge_method: "S256",
    code_challenge: "music-tracker-check-0000000000000000000000",
    state: "music-tracker-check",
    scope: SCOPES.join(" "),
  }).toString();
  let response: Response;
  try {
    response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    return [{
      subject: "Spotify",
      status: "unknown",
      says:
        `Spotify's accounts service cannot be reached (${(error as Error).message}): the check needs the ` +
        "internet.",
    }];
  }
  const body = response.status >= 300 && response.status < 400 ? "" : await response.text();
  const client = { subject: "client ID", status: "ok" as const, says: "Spotify knows this app." };
  if (/INVALID_CLIENT: Invalid client\b/i.test(body)) {
    return [{
      subject: "client ID",
      status: "problem",
      says:
        `Spotify knows no app with the client ID ${config.clientId}: copy the Client ID from your app's ` +
        "page at developer.spotify.com/dashboard.",
    }];
  }
  if (/Invalid redirect URI/i.test(body)) {
    return [client, {
      subject: "redirect URI",
      status: "problem",
      says: `The app does not list ${config.redirectUri} as a redirect URI: add exactly this address under ` +
        "Redirect URIs in the app's settings on developer.spotify.com/dashboard, and save.",
    }];
  }
  if (/redirect URI/i.test(body) && /insecure/i.test(body)) {
    return [client, {
      subject: "redirect URI",
      status: "problem",
      says: `Spotify refuses ${config.redirectUri} as insecure: use https, or http on 127.0.0.1 ` +
        "(never localhost).",
    }];
  }
  const location = response.headers.get("location") ?? "";
  const error = location ? new URL(location, url).searchParams.get("error") : null;
  if (error) {
    return [client, {
      subject: "consent",
      status: "problem",
      says: `Spotify refuses the consent: ${error}.`,
    }];
  }
  if (response.status >= 400) {
    return [{
      subject: "Spotify",
      status: "unknown",
      says: `Spotify's consent page answered ${response.status}${body ? `: ${body.slice(0, 200)}` : ""}.`,
    }];
  }
  return [client, {
    subject: "redirect URI",
    status: "ok",
    says: `The app lists ${config.redirectUri}: Spotify sends you back there after consent.`,
  }];
}

/** The client secret, by asking for an app token with it. */
async function checkSecret(config: SpotifyConfig): Promise<SpotifyCheck> {
  const subject = "client secret";
  try {
    const response = await fetch(`${config.accountsBaseUrl}/api/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${btoa(`${config.clientId}:${config.clientSecret}`)}`,
      },
      body: new URLSearchParams({ grant_type: "client_credentials" }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await response.text();
    if (response.ok) return { subject, status: "ok", says: "It belongs to this client ID." };
    if (PREMIUM.test(text)) return premium(subject);
    if (/invalid_client/.test(text)) {
      return {
        subject,
        status: "problem",
        says: "Spotify refuses it for this client ID: copy it again from the app's settings (View client " +
          "secret), or remove it: connecting works without a secret.",
      };
    }
    return { subject, status: "unknown", says: `Spotify answered ${response.status}: ${text.slice(0, 200)}` };
  } catch (error) {
    return { subject, status: "unknown", says: `Spotify cannot be reached: ${(error as Error).message}` };
  }
}

/** One connected account: `GET /v1/me` with its token shows the owner's Premium and the app's user list. */
async function checkAccount(
  config: SpotifyConfig,
  warehouse: Warehouse,
  user: string,
): Promise<SpotifyCheck> {
  const subject = `account “${user}”`;
  try {
    const token = await accessToken(warehouse, config, user);
    const response = await fetch(`${config.apiBaseUrl}/v1/me`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await response.text();
    if (response.ok) {
      const id = (JSON.parse(text) as { id?: string }).id ?? "?";
      return { subject, status: "ok", says: `Spotify answers for it (Spotify user ${id}).` };
    }
    if (PREMIUM.test(text)) return premium(subject);
    if (response.status === 403 && NOT_ON_LIST.test(text)) {
      return {
        subject,
        status: "problem",
        says:
          `This Spotify account is not on the app's user list: the app's owner adds the e-mail address of ` +
          `“${user}”'s Spotify account under User Management in the app's settings (at most 5 users).`,
      };
    }
    if (response.status === 429) {
      return { subject, status: "unknown", says: "Spotify rate-limits this app now: check again later." };
    }
    return { subject, status: "problem", says: `Spotify answered ${response.status}: ${text.slice(0, 200)}` };
  } catch (error) {
    if (error instanceof ReconnectNeeded) {
      return {
        subject,
        status: "problem",
        says: "Spotify no longer accepts its connection: connect it again.",
      };
    }
    if (PREMIUM.test((error as Error).message)) return premium(subject);
    return { subject, status: "unknown", says: (error as Error).message };
  }
}

function premium(subject: string): SpotifyCheck {
  return {
    subject,
    status: "problem",
    says:
      "Spotify refuses the app because its owner has no Premium subscription (required of development-mode " +
      "apps since 2026). Subscribe with the account that created the app; Spotify may take a few hours to " +
      "notice.",
  };
}
