/**
 * GETs against the Spotify Web API with its 2026 rules: a 429 carries Retry-After (seconds, seen up to hours),
 * waited out when short; `reason: QUOTA_EXCEEDED` is a daily quota, not a burst; 5xx, resets and timeouts are
 * retried with exponential backoff and jitter, a bounded number of times.
 */
import type { SpotifyConfig } from "../../config.ts";
import { TransientError } from "../jobs/runner.ts";

/** Spotify asked us to wait longer than is worth waiting inside one run. */
export class RateLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Spotify rate-limited this app: it asks to wait ${retryAfterSeconds} s`);
  }
}

/** The app's daily quota is used up: nothing more until tomorrow (UTC). */
export class QuotaExceeded extends Error {
  constructor() {
    super("Spotify's daily quota for this app is used up (QUOTA_EXCEEDED)");
  }
}

export class SpotifyApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export interface GetOptions {
  /** Longest Retry-After waited out in-process; longer ones throw RateLimited. Default 30 s. */
  maxWaitSeconds?: number;
  /** Retries after a 5xx, reset or timeout. Default 3. */
  retries?: number;
  /** First backoff; doubles, with ±50 % jitter. Default 500 ms. */
  backoffMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export async function getJson<T>(
  config: SpotifyConfig,
  accessToken: string,
  path: string,
  {
    maxWaitSeconds = 30,
    retries = 3,
    backoffMs = 500,
    timeoutMs = 20_000,
    sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random = Math.random,
  }: GetOptions = {},
): Promise<T> {
  for (let attempt = 0;; attempt++) {
    const backoff = () => sleep(backoffMs * 2 ** attempt * (0.5 + random()));
    let response: Response;
    try {
      response = await fetch(`${config.apiBaseUrl}${path}`, {
        headers: { authorization: `Bearer ${accessToken}` },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      if (attempt >= retries) {
        throw new TransientError(`Spotify did not answer ${path}: ${(error as Error).message}`);
      }
      await backoff();
      continue;
    }
    if (response.ok) return await response.json() as T;
    const body = await response.json().catch(() => ({}));
    const message = body?.error?.message ?? response.statusText;
    if (response.status === 429) {
      if (body?.error?.reason === "QUOTA_EXCEEDED") throw new QuotaExceeded();
      const retryAfter = Number(response.headers.get("retry-after") ?? "1");
      const seconds = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : 1;
      if (seconds > maxWaitSeconds || attempt >= retries) throw new RateLimited(seconds);
      await sleep(seconds * 1000);
      continue;
    }
    if (response.status >= 500) {
      if (attempt >= retries) {
        throw new TransientError(`Spotify answered ${response.status} for ${path}: ${message}`);
      }
      await backoff();
      continue;
    }
    throw new SpotifyApiError(response.status, `Spotify answered ${response.status} for ${path}: ${message}`);
  }
}
