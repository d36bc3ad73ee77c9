/**
 * The ListenBrainz-compatible API under `/apis/listenbrainz/1/`, what players append to a custom ListenBrainz
 * URL (README: Navidrome, Jellyfin's plugin, Web Scrobbler, multi-scrobbler, Pano Scrobbler): `POST
 * submit-listens` (single, import, playing_now), `GET validate-token`, and the reads clients make around a
 * submission, `GET user/<name>/listens`, `listen-count` and `playing-now`. Requests carry `Authorization: Token
 * <token>`; the dashboard's login and CSRF check do not apply (app.tsx mounts this before them), and nothing
 * here reads or sets a cookie. Rate limits, limits, status codes and error bodies are ListenBrainz's. Every other
 * path under `/apis/` is a JSON 404 (multi-scrobbler takes a server answering `/apis/web/v1/stats` for Koito).
 */
import { createHash } from "node:crypto";
import { type Context, Hono } from "hono";
import { cors } from "hono/cors";
import type { AppEnv, FeatureDeps, WebOptions } from "../../env.ts";
import { remoteAddress } from "../../request.ts";
import type { TokenOwner } from "../../../warehouse/state/listen_tokens.ts";
import { Permits, readBody } from "./body.ts";
import { listenCount, userListens } from "./queries.ts";
import { RateLimiter, rateLimitHeaders } from "./rate_limit.ts";
import { ApiError, MAX_PAYLOAD_BYTES, parseSubmission } from "./validate.ts";

/** Where the API is: what a player's "ListenBrainz URL" setting points at. */
export const API_PATH = "/apis/listenbrainz";

/** ListenBrainz's defaults for GET user/<name>/listens (DEFAULT_ITEMS_PER_GET, MAX_ITEMS_PER_GET). */
const DEFAULT_COUNT = 25;
const MAX_COUNT = 1000;

export function listenbrainzRoutes({ options }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const limiter = new RateLimiter();
  const bodies = new Permits(2);
  const waitingListens = new Permits(5000);
  app.use(
    "*",
    cors({
      origin: "*",
      allowHeaders: ["Authorization", "Content-Type"],
      allowMethods: ["GET", "POST", "OPTIONS"],
      exposeHeaders: [
        "X-RateLimit-Remaining",
        "X-RateLimit-Limit",
        "X-RateLimit-Reset",
        "X-RateLimit-Reset-In",
      ],
    }),
  );
  app.all("*", async (c) => {
    const started = performance.now();
    const response = await answer(c, { options, limiter, bodies, waitingListens }).catch((error) => {
      if (error instanceof ApiError) return c.json(error.body(), error.status as 400);
      options.logger?.error("listenbrainz API request failed", { path: c.req.path, error: String(error) });
      return c.json({ code: 500, error: "An unknown error occured." }, 500);
    });
    // Never the Authorization header: the log says what was asked and how it went.
    options.logger?.debug("listenbrainz API", {
      method: c.req.method,
      path: c.req.path,
      status: response.status,
      ms: Math.round(performance.now() - started),
    });
    return response;
  });
  return app;
}

interface Deps {
  options: WebOptions;
  limiter: RateLimiter;
  /** Bodies read and parsed at once, and parsed listens waiting to land: what submissions hold in memory. */
  bodies: Permits;
  waitingListens: Permits;
}

async function answer(c: Context<AppEnv>, deps: Deps): Promise<Response> {
  // Clients join their base URL and "1/…" in their own ways: "//1/" and a trailing "/" mean the same.
  const path = c.req.path.replace(/\/{2,}/g, "/").replace(/(.)\/$/, "$1");
  const route =
    /^\/apis\/listenbrainz\/1\/(submit-listens|validate-token|user\/([^/]+)\/(listens|listen-count|playing-now))$/
      .exec(path);
  if (!route) throw new ApiError(404, "The requested URL was not found on the server.");
  const method = route[1] === "submit-listens" ? "POST" : "GET";
  if (c.req.method !== method) throw new ApiError(405, "The method is not allowed for the requested URL.");
  const owner = await tokenOwner(c, deps.options);
  const limit = deps.limiter.hit(
    owner ? { token: owner.id } : { address: remoteAddress(c) ?? "unknown" },
  );
  for (const [name, value] of Object.entries(rateLimitHeaders(limit))) c.header(name, value);
  if (limit.over) throw tooMany();
  if (route[1] === "validate-token") return validateToken(c, owner);
  const user = requireOwner(c, owner);
  if (route[1] === "submit-listens") return await submitListens(c, deps, user);
  const name = decodeURIComponent(route[2]);
  if (name !== user.user) {
    throw new ApiError(403, "You don't have permissions to view this user's information.");
  }
  if (route[3] === "listens") return await listens(c, deps.options, name);
  if (route[3] === "listen-count") {
    const { warehouse } = await deps.options.warehouse();
    return c.json({ payload: { count: await listenCount(warehouse, name) } });
  }
  return playingNow(c, deps.options, name);
}

/** The token's owner: from `Authorization: Token <token>` (any scheme word, as ListenBrainz), else `?token=`. */
async function tokenOwner(c: Context<AppEnv>, options: WebOptions): Promise<TokenOwner | undefined> {
  const token = c.req.header("authorization")?.split(" ")[1] ?? c.req.query("token");
  if (!token || !options.listens) return undefined;
  return await options.listens.verifyToken(token);
}

function requireOwner(c: Context<AppEnv>, owner: TokenOwner | undefined): TokenOwner {
  const header = c.req.header("authorization");
  if (!header) throw new ApiError(401, "You need to provide an Authorization header.");
  if (header.split(" ").length < 2) throw new ApiError(401, "Provided Authorization header is invalid.");
  if (!owner) throw new ApiError(401, "Invalid authorization token.");
  return owner;
}

function tooMany(): ApiError {
  return new ApiError(
    429,
    "You have exceeded your rate limit. See the X-RateLimit-* response headers for more information on your " +
      "current rate limit.",
  );
}

/** An unknown token is valid: false with 200, as ListenBrainz answers it; no token at all is a 400. */
function validateToken(c: Context<AppEnv>, owner: TokenOwner | undefined): Response {
  const header = c.req.header("authorization");
  const given = header?.toLowerCase().startsWith("token ") ? header.split(" ")[1] : c.req.query("token");
  if (!given) throw new ApiError(400, "You need to provide an Authorization token.");
  if (!owner) return c.json({ code: 200, message: "Token invalid.", valid: false });
  return c.json({ code: 200, message: "Token valid.", valid: true, user_name: owner.user });
}

async function submitListens(
  c: Context<AppEnv>,
  { options, bodies, waitingListens }: Deps,
  owner: TokenOwner,
): Promise<Response> {
  // Two bodies at most are read and parsed at once; landing waits outside, so requests land together.
  const { listenType, listens } = await bodies.use(1, async () => {
    const body = await readBody(c.req.raw, MAX_PAYLOAD_BYTES);
    if (body === "too large") {
      throw new ApiError(400, `Payload too large. Payload cannot exceed ${MAX_PAYLOAD_BYTES} bytes`);
    }
    return parseSubmission(body, options.now());
  });
  const reply: Record<string, unknown> = { status: "ok" };
  if (c.req.query("return_msid") === "true" && listens.length === 1) {
    reply.recording_msid = recordingMsid(listens[0].track_metadata as Record<string, unknown>);
  }
  if (listenType === "playing_now") {
    const metadata = listens[0].track_metadata as Record<string, unknown>;
    const info = (metadata.additional_info ?? {}) as Record<string, unknown>;
    const seconds = Number(info.duration ?? NaN) || Number(info.duration_ms ?? NaN) / 1000;
    options.nowPlaying?.report({
      user: owner.user,
      artist: String(metadata.artist_name).trim(),
      track: String(metadata.track_name).trim(),
      album: typeof metadata.release_name === "string" ? metadata.release_name.trim() : undefined,
      client: String(info.media_player ?? info.submission_client ?? "") || undefined,
      durationMs: Number.isFinite(seconds) && seconds > 0 ? Math.trunc(seconds) * 1000 : undefined,
      source: "listenbrainz",
      trackMetadata: metadata,
    });
    return c.json(reply);
  }
  try {
    await waitingListens.use(
      listens.length,
      () => options.listens!.land({ user: owner.user, source: "submitted", tokenId: owner.id, listens }),
    );
  } catch (error) {
    options.logger?.error("could not land submitted listens", { user: owner.user, error: String(error) });
    throw new ApiError(503, "Cannot submit listens to queue, please try again later.");
  }
  return c.json(reply);
}

async function listens(c: Context<AppEnv>, options: WebOptions, user: string): Promise<Response> {
  const number = (name: string): number | undefined => {
    const value = c.req.query(name);
    if (!value) return undefined;
    if (!/^\s*[+-]?\d+\s*$/.test(value)) throw new ApiError(400, `Invalid ${name} argument: ${value}`);
    return Number(value);
  };
  const maxTs = number("max_ts");
  const minTs = number("min_ts");
  if (maxTs && minTs && maxTs < minTs) throw new ApiError(400, "max_ts should be greater than min_ts");
  const count = Math.min(number("count") ?? DEFAULT_COUNT, MAX_COUNT);
  if (count < 0) throw new ApiError(400, "Number of items requested should be positive");
  if (minTs && maxTs && minTs >= maxTs) throw new ApiError(400, "min_ts should be less than max_ts");
  const { warehouse } = await options.warehouse();
  const found = await userListens(warehouse, user, {
    minTs: minTs || undefined,
    maxTs: maxTs || undefined,
    count,
  });
  return c.json({
    payload: {
      user_id: user,
      count: found.listens.length,
      listens: found.listens,
      latest_listen_ts: found.latestListenTs ?? 0,
      oldest_listen_ts: found.oldestListenTs ?? 0,
    },
  });
}

function playingNow(c: Context<AppEnv>, options: WebOptions, user: string): Response {
  const playing = options.nowPlaying?.get(user);
  const metadata = playing?.trackMetadata ?? {
    artist_name: playing?.artist,
    track_name: playing?.track,
    ...(playing?.album ? { release_name: playing.album } : {}),
    additional_info: {
      ...(playing?.durationMs ? { duration_ms: playing.durationMs } : {}),
      ...(playing?.client ? { music_service_name: playing.client } : {}),
    },
  };
  return c.json({
    payload: {
      count: playing ? 1 : 0,
      user_id: user,
      playing_now: true,
      listens: playing ? [{ track_metadata: metadata, user_name: user, playing_now: true }] : [],
    },
  });
}

/** A stable UUID for a recording by its names (ListenBrainz's MessyBrainz id plays this part). */
function recordingMsid(metadata: Record<string, unknown>): string {
  const hex = createHash("sha1")
    .update(
      [metadata.artist_name, metadata.track_name, metadata.release_name ?? ""].map(String).join("\u001f"),
    )
    .digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${
    hex.slice(20, 32)
  }`;
}
