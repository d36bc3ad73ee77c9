/**
 * A fake Spotify on 127.0.0.1 that speaks the real wire format (shaped after ../shared/reference): the accounts
 * service (`/authorize`, `/api/token` with PKCE S256, refresh, rotation, `invalid_grant`) and the Web API
 * (`/v1/me/player/recently-played`, `/v1/me`, `/v1/tracks/{id}`, `/v1/albums/{id}`, `/v1/artists/{id}`; the
 * batch `?ids=` endpoints answer 403, as they do for development apps since 2026). Faults are queued per endpoint.
 */
import type { SpotifyConfig } from "../../config.ts";

export interface FakePlay {
  trackId: string;
  /** Unix ms, when the play ended. */
  playedAt: number;
}

export interface FakeTrack {
  id: string;
  name: string;
  artist: string;
  album: string;
  durationMs: number;
  /** Featured artists, credited after the primary one. */
  featuring?: string[];
  isrc?: string;
  /** As Spotify sends it: "2001", "2001-05" or "2001-05-14" (default "2001-01-01"). */
  releaseDate?: string;
  releaseDatePrecision?: "year" | "month" | "day";
}

export interface Fault {
  status?: number;
  /** Seconds, sent as Retry-After. */
  retryAfter?: number;
  /** Spotify's error reason, e.g. QUOTA_EXCEEDED. */
  reason?: string;
  /** Answer after this many ms. */
  delayMs?: number;
  /** Close the connection without an answer. */
  reset?: boolean;
}

interface AccessGrant {
  user: string;
  expiresAt: number;
}

/** Two tracks the Spotify tests play. */
export const JOGA: FakeTrack = {
  id: "0000000000000000000AAA",
  name: "Jóga",
  artist: "Björk",
  album: "Homogenic",
  durationMs: 305_000,
};
export const HYPERBALLAD: FakeTrack = {
  id: "0000000000000000000BBB",
  name: "Hyperballad",
  artist: "Björk",
  album: "Post",
  durationMs: 321_000,
};

export class FakeSpotify {
  readonly clientId = "fake-client-id";
  readonly tracks = new Map<string, FakeTrack>();
  /** Genres GET /v1/artists/{id} lists, by artist name (empty unless set, as often since 2026). */
  readonly artistGenres = new Map<string, string[]>();
  readonly plays = new Map<string, FakePlay[]>();
  /** Which user consents when /authorize is visited. */
  consentUser = "listener";
  /** Refresh responses carry a new refresh token, and the old one stops working. */
  rotateRefreshTokens = false;
  /** Refresh responses leave out refresh_token (Spotify may). */
  omitRefreshToken = false;
  /** recently-played reaches back this far from `now()`. */
  reachBackMs = 24 * 3600_000;
  now: () => number = () => Date.now();
  /** Every request, for assertions: method, path and query. */
  readonly requests: { method: string; path: string; query: string }[] = [];
  #faults = new Map<string, Fault[]>();
  #codes = new Map<string, { user: string; challenge: string; redirectUri: string }>();
  #refreshTokens = new Map<string, string>();
  #accessTokens = new Map<string, AccessGrant>();
  #server: Deno.HttpServer<Deno.NetAddr>;
  #counter = 0;

  constructor() {
    this.#server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      (request) => this.#handle(request),
    );
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.#server.addr.port}`;
  }

  /** The program's Spotify settings pointing at this fake (an app with no secret, as with PKCE). */
  config({ redirectUri = "http://127.0.0.1:8080/callback" }: { redirectUri?: string } = {}): SpotifyConfig {
    return {
      clientId: this.clientId,
      clientSecret: undefined,
      seedRefreshToken: undefined,
      redirectUri,
      apiBaseUrl: this.baseUrl,
      accountsBaseUrl: this.baseUrl,
    };
  }

  addTrack(track: FakeTrack): void {
    this.tracks.set(track.id, track);
  }

  /** Records that `user` played `trackId`, ending at `playedAt` (ms). */
  play(user: string, trackId: string, playedAt: number): void {
    const list = this.plays.get(user) ?? [];
    list.push({ trackId, playedAt });
    this.plays.set(user, list);
  }

  /** A refresh token that works for `user`, as if they had connected before. */
  issueRefreshToken(user: string): string {
    const token = `refresh-${user}-${++this.#counter}`;
    this.#refreshTokens.set(token, user);
    return token;
  }

  /** Revokes every refresh token of `user`: the next refresh answers invalid_grant. */
  revoke(user: string): void {
    for (const [token, owner] of this.#refreshTokens) if (owner === user) this.#refreshTokens.delete(token);
  }

  /** The next requests to `endpoint` ("recently-played", "token", "tracks") answer with these faults, in order. */
  fail(endpoint: string, ...faults: Fault[]): void {
    this.#faults.set(endpoint, [...(this.#faults.get(endpoint) ?? []), ...faults]);
  }

  async close(): Promise<void> {
    await this.#server.shutdown();
  }

  async #handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    this.requests.push({ method: request.method, path: url.pathname, query: url.search });
    const endpoint = url.pathname === "/api/token"
      ? "token"
      : url.pathname === "/v1/me/player/recently-played"
      ? "recently-played"
      : url.pathname.startsWith("/v1/tracks/")
      ? "tracks"
      : url.pathname.startsWith("/v1/albums/")
      ? "albums"
      : url.pathname.startsWith("/v1/artists/")
      ? "artists"
      : url.pathname.slice(1);
    const fault = this.#faults.get(endpoint)?.shift();
    if (fault) {
      if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault.reset) throw new Error("connection reset by the fake");
      if (fault.status) {
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (fault.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter);
        const error: Record<string, unknown> = { status: fault.status, message: statusMessage(fault.status) };
        if (fault.reason) error.reason = fault.reason;
        return new Response(JSON.stringify({ error }), { status: fault.status, headers });
      }
    }
    if (url.pathname === "/authorize" && request.method === "GET") return this.#authorize(url);
    if (url.pathname === "/api/token" && request.method === "POST") return await this.#token(request);
    const user = this.#bearer(request);
    if (!user) return apiError(401, "Invalid access token");
    if (url.pathname === "/v1/me") {
      return json({ id: user, display_name: user, type: "user", uri: `spotify:user:${user}` });
    }
    if (url.pathname === "/v1/me/player/recently-played") return this.#recentlyPlayed(user, url);
    const track = /^\/v1\/tracks\/([A-Za-z0-9]+)$/.exec(url.pathname);
    if (track) {
      const found = this.tracks.get(track[1]);
      return found ? json(trackObject(found)) : apiError(404, "Non existing id");
    }
    // Since 2026 only single-item lookups exist; the batch endpoints (?ids=) answer 403 for development apps.
    if (/^\/v1\/(tracks|albums|artists)$/.test(url.pathname)) return apiError(403, "Forbidden");
    const album = /^\/v1\/albums\/([A-Za-z0-9]+)$/.exec(url.pathname);
    if (album) {
      const tracks = [...this.tracks.values()].filter((item) => slug(item.album) === album[1]);
      return tracks.length ? json(albumObject(tracks)) : apiError(404, "Non existing id");
    }
    const artist = /^\/v1\/artists\/([A-Za-z0-9]+)$/.exec(url.pathname);
    if (artist) {
      const name = [...this.tracks.values()].flatMap((item) => [item.artist, ...(item.featuring ?? [])])
        .find((candidate) => slug(candidate) === artist[1]);
      return name
        ? json({
          ...artistObject(name),
          genres: this.artistGenres.get(name) ?? [],
          images: [],
          type: "artist",
        })
        : apiError(404, "Non existing id");
    }
    return apiError(404, "Service not found");
  }

  #authorize(url: URL): Response {
    const params = url.searchParams;
    const redirectUri = params.get("redirect_uri") ?? "";
    if (params.get("client_id") !== this.clientId) {
      return new Response("INVALID_CLIENT: Invalid client", { status: 400 });
    }
    if (params.get("response_type") !== "code" || params.get("code_challenge_method") !== "S256") {
      return new Response("unsupported request", { status: 400 });
    }
    const code = `code-${++this.#counter}`;
    this.#codes.set(code, {
      user: this.consentUser,
      challenge: params.get("code_challenge") ?? "",
      redirectUri,
    });
    const target = new URL(redirectUri);
    target.searchParams.set("code", code);
    target.searchParams.set("state", params.get("state") ?? "");
    return new Response(null, { status: 303, headers: { location: target.toString() } });
  }

  async #token(request: Request): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    if (form.get("client_id") !== this.clientId) {
      return json({ error: "invalid_client", error_description: "Invalid client" }, 400);
    }
    if (form.get("grant_type") === "authorization_code") {
      const grant = this.#codes.get(form.get("code") ?? "");
      this.#codes.delete(form.get("code") ?? "");
      if (!grant) {
        return json({ error: "invalid_grant", error_description: "Invalid authorization code" }, 400);
      }
      if (grant.redirectUri !== form.get("redirect_uri")) {
        return json({ error: "invalid_grant", error_description: "Invalid redirect URI" }, 400);
      }
      const digest = await crypto.subtle.digest(
        "SHA-256",
        new TextEncoder().encode(form.get("code_verifier") ?? ""),
      );
      if (base64Url(new Uint8Array(digest)) !== grant.challenge) {
        return json({ error: "invalid_grant", error_description: "code_verifier was incorrect" }, 400);
      }
      return json(this.#tokens(grant.user, this.issueRefreshToken(grant.user)));
    }
    if (form.get("grant_type") === "refresh_token") {
      const refresh = form.get("refresh_token") ?? "";
      const user = this.#refreshTokens.get(refresh);
      if (!user) return json({ error: "invalid_grant", error_description: "Refresh token revoked" }, 400);
      if (this.rotateRefreshTokens) {
        this.#refreshTokens.delete(refresh);
        return json(this.#tokens(user, this.issueRefreshToken(user)));
      }
      return json(this.#tokens(user, this.omitRefreshToken ? undefined : refresh));
    }
    return json({ error: "unsupported_grant_type", error_description: "grant_type must be given" }, 400);
  }

  #tokens(user: string, refreshToken: string | undefined) {
    const accessToken = `access-${user}-${++this.#counter}`;
    this.#accessTokens.set(accessToken, { user, expiresAt: this.now() + 3600_000 });
    return {
      access_token: accessToken,
      token_type: "Bearer",
      scope: "user-read-recently-played",
      expires_in: 3600,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
    };
  }

  #bearer(request: Request): string | undefined {
    const token = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
    const grant = token ? this.#accessTokens.get(token) : undefined;
    return grant && grant.expiresAt > this.now() ? grant.user : undefined;
  }

  /** Tracks only, newest first, at most `limit` (≤ 50), after the `after` cursor, reaching back a day. */
  #recentlyPlayed(user: string, url: URL): Response {
    const limit = Number(url.searchParams.get("limit") ?? 20);
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) return apiError(400, "Invalid limit");
    const after = url.searchParams.get("after");
    const before = url.searchParams.get("before");
    if (after && before) return apiError(400, "Only one of after and before may be given");
    const oldest = this.now() - this.reachBackMs;
    const items = (this.plays.get(user) ?? [])
      .filter((play) => play.playedAt >= oldest && play.playedAt <= this.now())
      .filter((play) => (after ? play.playedAt > Number(after) : true))
      .filter((play) => (before ? play.playedAt < Number(before) : true))
      .sort((a, b) => b.playedAt - a.playedAt)
      .slice(0, limit);
    const href = `https://api.spotify.com/v1/me/player/recently-played?${url.searchParams}`;
    return json({
      items: items.map((play) => ({
        track: trackObject(this.tracks.get(play.trackId)!),
        played_at: new Date(play.playedAt).toISOString(),
        context: null,
      })),
      next: items.length === limit
        ? `https://api.spotify.com/v1/me/player/recently-played?before=${
          items.at(-1)!.playedAt
        }&limit=${limit}`
        : null,
      cursors: items.length
        ? { after: String(items[0].playedAt), before: String(items.at(-1)!.playedAt) }
        : null,
      limit,
      href,
    });
  }
}

function artistObject(name: string) {
  return {
    external_urls: { spotify: `https://open.spotify.com/artist/${slug(name)}` },
    href: `https://api.spotify.com/v1/artists/${slug(name)}`,
    id: slug(name),
    name,
    type: "artist",
    uri: `spotify:artist:${slug(name)}`,
  };
}

/** An album as GET /v1/albums/{id} answers in 2026: no label, no popularity; tracks paged. */
function albumObject(tracks: FakeTrack[]) {
  const { album, artist } = tracks[0];
  return {
    ...trackObject(tracks[0]).album,
    artists: [artistObject(artist)],
    copyrights: [],
    external_ids: { upc: "000000000000" },
    genres: [],
    total_tracks: tracks.length,
    tracks: {
      href: `https://api.spotify.com/v1/albums/${slug(album)}/tracks?offset=0&limit=50`,
      items: tracks.map((track) => {
        const { album: _album, ...simple } = trackObject(track);
        return simple;
      }),
      limit: 50,
      next: null,
      offset: 0,
      previous: null,
      total: tracks.length,
    },
  };
}

function trackObject(track: FakeTrack) {
  const artist = artistObject(track.artist);
  return {
    album: {
      album_type: "album",
      artists: [artist],
      external_urls: { spotify: `https://open.spotify.com/album/${slug(track.album)}` },
      href: `https://api.spotify.com/v1/albums/${slug(track.album)}`,
      id: slug(track.album),
      images: [],
      name: track.album,
      release_date: track.releaseDate ?? "2001-01-01",
      release_date_precision: track.releaseDatePrecision ?? "day",
      total_tracks: 10,
      type: "album",
      uri: `spotify:album:${slug(track.album)}`,
    },
    artists: [artist, ...(track.featuring ?? []).map(artistObject)],
    disc_number: 1,
    duration_ms: track.durationMs,
    explicit: false,
    external_ids: { isrc: track.isrc ?? `FAKE${track.id.slice(0, 8).toUpperCase()}` },
    external_urls: { spotify: `https://open.spotify.com/track/${track.id}` },
    href: `https://api.spotify.com/v1/tracks/${track.id}`,
    id: track.id,
    is_local: false,
    name: track.name,
    track_number: 1,
    type: "track",
    uri: `spotify:track:${track.id}`,
  };
}

/** The id the fake gives an artist or album of this name (22 characters, like Spotify's). */
export function spotifyId(name: string): string {
  return slug(name);
}

function slug(text: string): string {
  return [...new TextEncoder().encode(text)].map((b) => b.toString(16)).join("").slice(0, 22).padEnd(22, "0");
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

function apiError(status: number, message: string): Response {
  return json({ error: { status, message } }, status);
}

function statusMessage(status: number): string {
  return status === 429 ? "API rate limit exceeded" : status >= 500 ? "Server error" : "Error";
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
