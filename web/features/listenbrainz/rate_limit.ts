/**
 * ListenBrainz's rate limit (brainzutils `ratelimit`): fixed windows aligned to the clock, counted per token for
 * a request with a valid token, else per client address; every answer says where the caller stands in
 * `X-RateLimit-Limit`, `-Remaining`, `-Reset` (epoch seconds) and `-Reset-In` (seconds), and a request over the
 * limit gets a 429. ListenBrainz's numbers: 50 requests per token and 30 per address in 10 s. A player sends two
 * requests per track (playing_now, then single); a backlog goes out in imports of 50-100 listens; so 50 in 10 s
 * is far above what a well-behaved client needs, and clients already pace themselves by these headers (Jellyfin's
 * plugin sleeps X-RateLimit-Reset-In on a 429). What it bounds: one runaway client costs the NAS at most 5
 * submissions a second. Memory: one small entry per token or address seen in the current window (all windows end
 * together, so the map is emptied at each new window): a few kB.
 */

export interface RateLimitOptions {
  perToken?: number;
  perAddress?: number;
  windowSeconds?: number;
  /** The clock, for tests. */
  now?: () => number;
}

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** When the window ends, epoch seconds. */
  reset: number;
  resetIn: number;
  over: boolean;
}

export class RateLimiter {
  #perToken: number;
  #perAddress: number;
  #window: number;
  #now: () => number;
  #windowEnd = 0;
  #counts = new Map<string, number>();

  constructor({ perToken = 50, perAddress = 30, windowSeconds = 10, now = Date.now }: RateLimitOptions = {}) {
    this.#perToken = perToken;
    this.#perAddress = perAddress;
    this.#window = windowSeconds;
    this.#now = now;
  }

  /** Counts one request from `key` (a token's id, or an address when no valid token came with it). */
  hit(key: { token: number } | { address: string }): RateLimitState {
    const seconds = Math.floor(this.#now() / 1000);
    const reset = Math.floor(seconds / this.#window) * this.#window + this.#window;
    if (reset !== this.#windowEnd) {
      this.#windowEnd = reset;
      this.#counts.clear();
    }
    const name = "token" in key ? `token:${key.token}` : `address:${key.address}`;
    const count = (this.#counts.get(name) ?? 0) + 1;
    this.#counts.set(name, count);
    const limit = "token" in key ? this.#perToken : this.#perAddress;
    return {
      limit,
      remaining: Math.max(limit - count, 0),
      reset,
      resetIn: reset - seconds,
      over: count > limit,
    };
  }
}

/** The headers every rate-limited answer carries. */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(state.limit),
    "X-RateLimit-Remaining": String(state.remaining),
    "X-RateLimit-Reset": String(state.reset),
    "X-RateLimit-Reset-In": String(state.resetIn),
  };
}
