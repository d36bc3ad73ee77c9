/**
 * A fake Spotify on 127.0.0.1 that speaks the real wire format (shaped after ../shared/reference): the accounts
 * service (`/authorize`, `/api/token` with PKCE S256, refresh, rotation, `invalid_grant`) and the Web API
 * (`/v1/me/player/recently-played`, `/v1/me/player/currently-playing`, `/v1/me`, `/v1/tracks/{id}`, `/v1/albums/{id}`, `/v1/artists/{id}`; the
 * batch `?ids=` endpoints answer 403, as they do for development apps since 2026), and the user's library:
 * `/v1/me/tracks`, `/v1/me/following?type=artist`, `/v1/me/playlists` and `/v1/playlists/{id}/items` (the old
 * `/v1/playlists/{id}/tracks` answers 403, as for development apps since 2026). Tokens carry the scopes asked for
 * and library endpoints answer 403 without theirs. Faults are queued per endpoint.
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

/** Every scope the program asks for; tokens from `issueRefreshToken` grant them all unless told otherwise. */
export const ALL_SCOPES = [
  "user-read-recently-played",
  "user-library-read",
  "user-follow-read",
  "playlist-read-private",
  "user-read-currently-playing",
];

export interface FakeLibrary {
  /** Liked songs: the track (must be added with addTrack) and when it was saved (Unix ms). */
  liked: { trackId: string; addedAt: number }[];
  /** Followed artists, by name (the fake's artist id is spotifyId(name)). */
  followed: string[];
  /** Playlists in the user's list: their own and others' they follow. */
  playlists: FakePlaylist[];
}

export interface FakePlaylist {
  /** 22 characters in tests, but any [A-Za-z0-9]+. */
  id: string;
  name: string;
  /** The owner's Spotify user id (the fake's user id is the user name). */
  owner: string;
  collaborative?: boolean;
  items: FakePlaylistItem[];
}

export interface FakePlaylistItem {
  /** A track added with addTrack, or null for a track no longer available (Spotify sends item: null). */
  trackId: string | null;
  /** Unix ms, or null (very old playlists). */
  addedAt: number | null;
  /** A local file instead of a catalogue track: is_local true, id null, uri spotify:local:artist:album:name:seconds. */
  local?: { name: string; artist: string; album: string };
  /** A podcast episode instead of a track (type "episode"). */
  episode?: { id: string; name: string; show: string };
}

interface AccessGrant {
  user: string;
  expiresAt: number;
  scopes: string[];
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
  /** A client id of Spotify's shape: 32 hexadecimal characters. */
  readonly clientId = "0000000000000000000000000fa4e1d0";
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
  /**
   * Redirect URIs registered in the app; when not empty, /authorize refuses any other one as Spotify does
   * ("INVALID_CLIENT: Invalid redirect URI").
   */
  readonly redirectUris = new Set<string>();
  /** The app's client secret, when the test gives the program one (checked when a request sends it). */
  clientSecret: string | undefined;
  /** The app's owner has Premium; without it every Web API request answers 403 in plain text (since 2026). */
  ownerHasPremium = true;
  /** The app's user list (development mode, at most 5): when set, other users' Web API requests answer 403. */
  allowedUsers: Set<string> | undefined;
  /** What GET /v1/me/player/currently-playing answers per user (absent or null: 204, nothing playing). */
  readonly currentlyPlaying = new Map<string, Record<string, unknown> | null>();
  /** Every request, for assertions: method, path and query. */
  readonly requests: { method: string; path: string; query: string }[] = [];
  #faults = new Map<string, Fault[]>();
  #codes = new Map<string, { user: string; challenge: string; redirectUri: string; scope: string }>();
  /** Refresh token → who it is for and the scopes (space-separated) it grants. */
  #refreshTokens = new Map<string, { user: string; scope: string }>();
  #libraries = new Map<string, FakeLibrary>();
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

  /** `user`'s library (liked songs, followed artists, playlists), created empty on first use; mutate it freely. */
  library(user: string): FakeLibrary {
    let library = this.#libraries.get(user);
    if (!library) {
      library = { liked: [], followed: [], playlists: [] };
      this.#libraries.set(user, library);
    }
    return library;
  }

  /**
   * A refresh token that works for `user`, as if they had connected before, granting `scope` (space-separated;
   * access tokens refreshed from it and rotated successors grant the same).
   */
  issueRefreshToken(user: string, scope: string = ALL_SCOPES.join(" ")): string {
    const token = `refresh-${user}-${++this.#counter}`;
    this.#refreshTokens.set(token, { user, scope });
    return token;
  }

  /** Revokes every refresh token of `user`: the next refresh answers invalid_grant. */
  revoke(user: string): void {
    for (const [token, grant] of this.#refreshTokens) {
      if (grant.user === user) this.#refreshTokens.delete(token);
    }
  }

  /**
   * The next requests to `endpoint` ("recently-played", "token", "tracks", "albums", "artists", "me/tracks",
   * "me/following", "me/playlists", "playlist-items") answer with these faults, in order.
   */
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
      : url.pathname === "/v1/me/tracks"
      ? "me/tracks"
      : url.pathname === "/v1/me/following"
      ? "me/following"
      : url.pathname === "/v1/me/playlists"
      ? "me/playlists"
      : /^\/v1\/playlists\/[^/]+\/items$/.test(url.pathname)
      ? "playlist-items"
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
    const grant = this.#bearer(request);
    if (!grant) return apiError(401, "Invalid access token");
    const user = grant.user;
    // As Spotify answers development-mode apps since 2026: plain text for the owner's missing Premium, a JSON
    // error for a user not on the app's list.
    if (!this.ownerHasPremium) {
      return new Response("Active premium subscription required for the owner of the app.", { status: 403 });
    }
    if (this.allowedUsers && !this.allowedUsers.has(user)) {
      return apiError(
        403,
        "Check settings on developer.spotify.com/dashboard, the user may not be registered.",
      );
    }
    if (url.pathname === "/v1/me") {
      return json({ id: user, display_name: user, type: "user", uri: `spotify:user:${user}` });
    }
    if (url.pathname === "/v1/me/player/recently-played") return this.#recentlyPlayed(user, url);
    if (url.pathname === "/v1/me/player/currently-playing") {
      const playing = this.currentlyPlaying.get(user);
      return scopeError(grant, "user-read-currently-playing") ??
        (playing ? json(playing) : new Response(null, { status: 204 }));
    }
    if (url.pathname === "/v1/me/tracks") {
      return scopeError(grant, "user-library-read") ?? this.#likedSongs(user, url);
    }
    if (url.pathname === "/v1/me/following") {
      return scopeError(grant, "user-follow-read") ?? this.#followedArtists(user, url);
    }
    if (url.pathname === "/v1/me/playlists") {
      return scopeError(grant, "playlist-read-private") ?? this.#playlists(user, url);
    }
    const playlistItems = /^\/v1\/playlists\/([A-Za-z0-9]+)\/items$/.exec(url.pathname);
    if (playlistItems) {
      return scopeError(grant, "playlist-read-private") ?? this.#playlistItems(user, playlistItems[1], url);
    }
    // Replaced by /items; development apps get 403 from it since 2026.
    if (/^\/v1\/playlists\/[A-Za-z0-9]+\/tracks$/.test(url.pathname)) return apiError(403, "Forbidden");
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
      return name ? json(this.#fullArtist(name)) : apiError(404, "Non existing id");
    }
    return apiError(404, "Service not found");
  }

  #authorize(url: URL): Response {
    const params = url.searchParams;
    const redirectUri = params.get("redirect_uri") ?? "";
    if (params.get("client_id") !== this.clientId) {
      return new Response("INVALID_CLIENT: Invalid client", { status: 400 });
    }
    if (this.redirectUris.size > 0 && !this.redirectUris.has(redirectUri)) {
      return new Response("INVALID_CLIENT: Invalid redirect URI", { status: 400 });
    }
    if (params.get("response_type") !== "code" || params.get("code_challenge_method") !== "S256") {
      return new Response("unsupported request", { status: 400 });
    }
    const code = `code-${++this.#counter}`;
    this.#codes.set(code, {
      user: this.consentUser,
      challenge: params.get("code_challenge") ?? "",
      redirectUri,
      scope: params.get("scope") ?? "",
    });
    const target = new URL(redirectUri);
    target.searchParams.set("code", code);
    target.searchParams.set("state", params.get("state") ?? "");
    return new Response(null, { status: 303, headers: { location: target.toString() } });
  }

  async #token(request: Request): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    // The client may authenticate with HTTP Basic (id and secret) instead of a client_id in the form.
    const basic = /^Basic (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
    const [basicId, basicSecret] = basic ? atob(basic).split(":") : [];
    if ((form.get("client_id") ?? basicId) !== this.clientId) {
      return json({ error: "invalid_client", error_description: "Invalid client" }, 400);
    }
    if (basic && (this.clientSecret === undefined || basicSecret !== this.clientSecret)) {
      return json({ error: "invalid_client", error_description: "Invalid client secret" }, 400);
    }
    if (form.get("grant_type") === "client_credentials") {
      if (!basic) return json({ error: "invalid_client", error_description: "Invalid client" }, 400);
      return json({ access_token: `app-${++this.#counter}`, token_type: "Bearer", expires_in: 3600 });
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
      return json(this.#tokens(grant.user, grant.scope, this.issueRefreshToken(grant.user, grant.scope)));
    }
    if (form.get("grant_type") === "refresh_token") {
      const refresh = form.get("refresh_token") ?? "";
      const grant = this.#refreshTokens.get(refresh);
      if (!grant) return json({ error: "invalid_grant", error_description: "Refresh token revoked" }, 400);
      const { user, scope } = grant;
      if (this.rotateRefreshTokens) {
        this.#refreshTokens.delete(refresh);
        return json(this.#tokens(user, scope, this.issueRefreshToken(user, scope)));
      }
      return json(this.#tokens(user, scope, this.omitRefreshToken ? undefined : refresh));
    }
    return json({ error: "unsupported_grant_type", error_description: "grant_type must be given" }, 400);
  }

  #tokens(user: string, scope: string, refreshToken: string | undefined) {
    const accessToken = `access-${user}-${++this.#counter}`;
    this.#accessTokens.set(accessToken, {
      user,
      expiresAt: this.now() + 3600_000,
      scopes: scope.split(" ").filter(Boolean),
    });
    return {
      access_token: accessToken,
      token_type: "Bearer",
      scope,
      expires_in: 3600,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
    };
  }

  #bearer(request: Request): AccessGrant | undefined {
    const token = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
    const grant = token ? this.#accessTokens.get(token) : undefined;
    return grant && grant.expiresAt > this.now() ? grant : undefined;
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

  /** Liked songs, newest saved first, paged by offset. */
  #likedSongs(user: string, url: URL): Response {
    const query = pageQuery(url);
    if (query instanceof Response) return query;
    const liked = [...this.library(user).liked].sort((a, b) => b.addedAt - a.addedAt);
    return json(page("me/tracks", liked, query, (saved) => ({
      added_at: isoSeconds(saved.addedAt),
      track: trackObject(this.#track(saved.trackId)),
    })));
  }

  /** Followed artists by id ascending, paged by the `after` cursor (the last id of the previous page). */
  #followedArtists(user: string, url: URL): Response {
    if (url.searchParams.get("type") !== "artist") return apiError(400, "type must be artist");
    const query = pageQuery(url);
    if (query instanceof Response) return query;
    const { limit } = query;
    const after = url.searchParams.get("after");
    const followed = this.library(user).followed.map((name) => ({ id: slug(name), name }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const rest = followed.filter((artist) => after === null || artist.id > after);
    const items = rest.slice(0, limit);
    const last = items.length && rest.length > limit ? items.at(-1)!.id : null;
    const base = "https://api.spotify.com/v1/me/following?type=artist";
    return json({
      artists: {
        href: `${base}${after === null ? "" : `&after=${after}`}&limit=${limit}`,
        items: items.map((artist) => this.#fullArtist(artist.name)),
        limit,
        next: last ? `${base}&after=${last}&limit=${limit}` : null,
        cursors: { after: last },
        total: followed.length,
      },
    });
  }

  /** The user's playlists (own and followed) in list order, paged by offset. */
  #playlists(user: string, url: URL): Response {
    const query = pageQuery(url);
    if (query instanceof Response) return query;
    return json(page("me/playlists", this.library(user).playlists, query, playlistObject));
  }

  /** Only the owner, or a collaborator of a collaborative playlist, may read its items (Spotify answers 403). */
  #playlistItems(user: string, id: string, url: URL): Response {
    const everywhere = [...this.#libraries.values()].flatMap((library) => library.playlists)
      .filter((playlist) => playlist.id === id);
    // The owner's copy is the real one when the same playlist sits in several lists.
    const playlist =
      everywhere.find((candidate) => this.#libraries.get(candidate.owner)?.playlists.includes(candidate)) ??
        everywhere[0];
    if (!playlist) return apiError(404, "Resource not found");
    const collaborator = playlist.collaborative &&
      this.#libraries.get(user)?.playlists.some((mine) => mine.id === id);
    if (playlist.owner !== user && !collaborator) return apiError(403, "Forbidden");
    const query = pageQuery(url);
    if (query instanceof Response) return query;
    return json(page(`playlists/${id}/items`, playlist.items, query, (entry) => {
      const item = entry.local
        ? localTrackObject(entry.local)
        : entry.episode
        ? episodeObject(entry.episode)
        : entry.trackId === null
        ? null
        : trackObject(this.#track(entry.trackId));
      return {
        added_at: entry.addedAt === null ? null : isoSeconds(entry.addedAt),
        added_by: userObject(playlist.owner),
        is_local: Boolean(entry.local),
        item,
        track: item,
      };
    }));
  }

  /** A full artist object, as GET /v1/artists/{id} answers. */
  #fullArtist(name: string) {
    return { ...artistObject(name), genres: this.artistGenres.get(name) ?? [], images: [], type: "artist" };
  }

  /** A track the test set up; a library naming one it never added is a mistake in the test. */
  #track(id: string): FakeTrack {
    const track = this.tracks.get(id);
    if (!track) {
      throw new Error(`fake Spotify: track ${id} is in a library but was never added with addTrack`);
    }
    return track;
  }
}

/** Spotify's answer when the token was granted without the scope an endpoint needs, or undefined if it was. */
function scopeError(grant: AccessGrant, scope: string): Response | undefined {
  return grant.scopes.includes(scope) ? undefined : apiError(403, "Insufficient client scope");
}

/** `limit` (1..50, default 20) and `offset` (default 0) from the query, or Spotify's 400. */
function pageQuery(url: URL): { limit: number; offset: number } | Response {
  const limit = Number(url.searchParams.get("limit") ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) return apiError(400, "Invalid limit");
  const offset = Number(url.searchParams.get("offset") ?? 0);
  if (!Number.isInteger(offset) || offset < 0) return apiError(400, "Invalid offset");
  return { limit, offset };
}

/** A PagingObject over `all` with full-URL href, next and previous, as Spotify sends them. */
function page<T>(
  path: string,
  all: T[],
  { limit, offset }: { limit: number; offset: number },
  item: (value: T) => unknown,
) {
  const at = (start: number) => `https://api.spotify.com/v1/${path}?offset=${start}&limit=${limit}`;
  return {
    href: at(offset),
    items: all.slice(offset, offset + limit).map(item),
    limit,
    next: offset + limit < all.length ? at(offset + limit) : null,
    offset,
    previous: offset > 0 ? at(Math.max(0, offset - limit)) : null,
    total: all.length,
  };
}

/** Spotify's library timestamps: UTC to the second, e.g. 2024-03-05T10:11:12Z. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function userObject(id: string) {
  return {
    external_urls: { spotify: `https://open.spotify.com/user/${id}` },
    href: `https://api.spotify.com/v1/users/${id}`,
    id,
    type: "user",
    uri: `spotify:user:${id}`,
  };
}

/** A SimplifiedPlaylistObject, as GET /v1/me/playlists lists it (`tracks` is the deprecated twin of `items`). */
function playlistObject(playlist: FakePlaylist) {
  const items = {
    href: `https://api.spotify.com/v1/playlists/${playlist.id}/items`,
    total: playlist.items.length,
  };
  return {
    collaborative: playlist.collaborative ?? false,
    description: null,
    external_urls: { spotify: `https://open.spotify.com/playlist/${playlist.id}` },
    href: `https://api.spotify.com/v1/playlists/${playlist.id}`,
    id: playlist.id,
    images: [],
    name: playlist.name,
    owner: { display_name: playlist.owner, ...userObject(playlist.owner) },
    public: false,
    // Changes whenever the name or items do, and only then, like Spotify's version id.
    snapshot_id: hash(JSON.stringify([playlist.name, playlist.items])),
    items,
    tracks: items,
    type: "playlist",
    uri: `spotify:playlist:${playlist.id}`,
  };
}

/**
 * A local file in a playlist, as Spotify sends it: track-shaped, no ids, and a spotify:local URI whose parts are
 * form-encoded (spaces as +) and end in the length in seconds.
 */
export function localTrackObject(local: { name: string; artist: string; album: string }) {
  const part = (text: string) => encodeURIComponent(text).replace(/%20/g, "+");
  return {
    album: {
      album_type: null,
      artists: [],
      available_markets: [],
      external_urls: {},
      href: null,
      id: null,
      images: [],
      name: local.album,
      release_date: null,
      release_date_precision: null,
      type: "album",
      uri: null,
    },
    artists: [{ external_urls: {}, href: null, id: null, name: local.artist, type: "artist", uri: null }],
    available_markets: [],
    disc_number: 0,
    duration_ms: 200_000,
    explicit: false,
    external_ids: {},
    external_urls: {},
    href: null,
    id: null,
    is_local: true,
    name: local.name,
    popularity: 0,
    preview_url: null,
    track_number: 0,
    type: "track",
    uri: `spotify:local:${part(local.artist)}:${part(local.album)}:${part(local.name)}:200`,
  };
}

/** A minimal EpisodeObject: podcasts can sit in playlists too. */
export function episodeObject(episode: { id: string; name: string; show: string }) {
  const show = slug(episode.show);
  return {
    audio_preview_url: null,
    description: "",
    duration_ms: 1_800_000,
    explicit: false,
    external_urls: { spotify: `https://open.spotify.com/episode/${episode.id}` },
    href: `https://api.spotify.com/v1/episodes/${episode.id}`,
    html_description: "",
    id: episode.id,
    images: [],
    is_externally_hosted: false,
    is_playable: true,
    language: "en",
    languages: ["en"],
    name: episode.name,
    release_date: "2001-01-01",
    release_date_precision: "day",
    show: {
      available_markets: [],
      copyrights: [],
      description: "",
      explicit: false,
      external_urls: { spotify: `https://open.spotify.com/show/${show}` },
      href: `https://api.spotify.com/v1/shows/${show}`,
      html_description: "",
      id: show,
      images: [],
      is_externally_hosted: false,
      languages: ["en"],
      media_type: "audio",
      name: episode.show,
      publisher: episode.show,
      total_episodes: 1,
      type: "show",
      uri: `spotify:show:${show}`,
    },
    type: "episode",
    uri: `spotify:episode:${episode.id}`,
  };
}

/** A short, stable digest (53-bit cyrb53, base 36). */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
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

export function trackObject(track: FakeTrack) {
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
