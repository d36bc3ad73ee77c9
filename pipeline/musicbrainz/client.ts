/**
 * GETs against MusicBrainz WS/2 within its rules: a descriptive User-Agent (name/version and a contact), JSON via
 * `fmt=json`, and never more than one request per second. The next request starts a full second after the
 * previous answer ended, so however slow the network, MusicBrainz never sees two of ours less than a second
 * apart. 503 (someone on our address went too fast, or the service is busy) and 5xx, resets and timeouts are
 * retried with doubling waits.
 */
import { APP_VERSION, type MusicBrainzConfig } from "../../config.ts";
import { TransientError } from "../jobs/runner.ts";

/** MusicBrainz refused the request itself (400): a bug on our side or an id it cannot parse. */
export class MusicBrainzError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** 200 with the parsed body, or 404 (unknown resource) with none. */
export type MusicBrainzAnswer = { status: 200; body: unknown } | { status: 404; body: null };

export interface MusicBrainzClientOptions {
  /** Pause after each answer before the next request. Default 1000 ms, MusicBrainz's limit. */
  minIntervalMs?: number;
  /** Retries after a 503, 5xx, reset or timeout. Default 4. */
  retries?: number;
  /** First wait after a 503 or 5xx (or its Retry-After, when longer); doubles. Default 2000 ms. */
  backoffMs?: number;
  timeoutMs?: number;
}

export class MusicBrainzClient {
  readonly userAgent: string;
  #baseUrl: string;
  #minIntervalMs: number;
  #retries: number;
  #backoffMs: number;
  #timeoutMs: number;
  /** performance.now() before which no request may start. */
  #notBefore = 0;

  constructor(
    config: MusicBrainzConfig & { contact: string },
    { minIntervalMs = 1000, retries = 4, backoffMs = 2000, timeoutMs = 30_000 }: MusicBrainzClientOptions =
      {},
  ) {
    this.userAgent = `MusicTracker/${APP_VERSION} ( ${config.contact} )`;
    this.#baseUrl = config.baseUrl;
    this.#minIntervalMs = minIntervalMs;
    this.#retries = retries;
    this.#backoffMs = backoffMs;
    this.#timeoutMs = timeoutMs;
  }

  /** GET `/ws/2/<path>` with these query parameters (fmt=json is added). */
  async get(path: string, params: Record<string, string> = {}): Promise<MusicBrainzAnswer> {
    const url = new URL(`${this.#baseUrl}/ws/2/${path}`);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    url.searchParams.set("fmt", "json");
    for (let attempt = 0;; attempt++) {
      await sleep(this.#notBefore - performance.now());
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { "user-agent": this.userAgent, accept: "application/json" },
          signal: AbortSignal.timeout(this.#timeoutMs),
        });
      } catch (error) {
        this.#notBefore = performance.now() + this.#minIntervalMs;
        if (attempt >= this.#retries) {
          throw new TransientError(`MusicBrainz did not answer ${path}: ${(error as Error).message}`);
        }
        await sleep(this.#backoffMs * 2 ** attempt);
        continue;
      }
      const text = await response.text().catch(() => "");
      this.#notBefore = performance.now() + this.#minIntervalMs;
      if (response.status === 200) {
        try {
          return { status: 200, body: JSON.parse(text) };
        } catch {
          throw new MusicBrainzError(200, `MusicBrainz answered ${path} with something that is not JSON`);
        }
      }
      if (response.status === 404) return { status: 404, body: null };
      if (response.status === 503 || response.status >= 500) {
        if (attempt >= this.#retries) {
          throw new TransientError(
            `MusicBrainz answered ${response.status} for ${path} ${this.#retries + 1} times`,
          );
        }
        const retryAfter = Number(response.headers.get("retry-after"));
        const wait = Math.max(
          this.#backoffMs * 2 ** attempt,
          Number.isFinite(retryAfter) ? retryAfter * 1000 : 0,
        );
        await sleep(wait);
        continue;
      }
      const message = safeError(text);
      throw new MusicBrainzError(
        response.status,
        `MusicBrainz answered ${response.status} for ${path}${message ? `: ${message}` : ""}`,
      );
    }
  }
}

function safeError(text: string): string {
  try {
    const error = JSON.parse(text)?.error;
    return typeof error === "string" ? error.slice(0, 200) : "";
  } catch {
    return "";
  }
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
