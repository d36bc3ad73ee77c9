/**
 * Logged-in browsers: random session ids in HttpOnly, SameSite=Strict cookies (Secure behind HTTPS), kept in
 * memory for 30 days, and at most a few failed logins per address per quarter hour. A new admin password ends
 * every session (the browser that set it is signed in again).
 */
import { randomBytes } from "node:crypto";
import type { Context } from "hono";
import { setCookie } from "hono/cookie";

/** The cookie holding a logged-in session's id. */
export const SESSION_COOKIE = "mt_session";

const SESSION_DAYS = 30;
const MAX_FAILURES = 5;
const FAILURE_WINDOW_MS = 15 * 60_000;

export class Sessions {
  #sessions = new Map<string, number>();
  #failures = new Map<string, number[]>();
  #now: () => number;

  constructor({ now = () => Date.now() }: { now?: () => number } = {}) {
    this.#now = now;
  }

  create(): string {
    const id = randomBytes(32).toString("base64url");
    this.#sessions.set(id, this.#now() + SESSION_DAYS * 86_400_000);
    return id;
  }

  isValid(id: string | undefined): boolean {
    if (!id) return false;
    const expires = this.#sessions.get(id);
    if (expires === undefined) return false;
    if (expires < this.#now()) {
      this.#sessions.delete(id);
      return false;
    }
    return true;
  }

  end(id: string | undefined): void {
    if (id) this.#sessions.delete(id);
  }

  /** Ends every session (the admin password changed). */
  clear(): void {
    this.#sessions.clear();
  }

  /** True when `address` may try to log in now (fewer than 5 failures in the last 15 minutes). */
  mayTry(address: string): boolean {
    return this.#recentFailures(address).length < MAX_FAILURES;
  }

  recordFailure(address: string): void {
    this.#failures.set(address, [...this.#recentFailures(address), this.#now()]);
  }

  #recentFailures(address: string): number[] {
    const since = this.#now() - FAILURE_WINDOW_MS;
    return (this.#failures.get(address) ?? []).filter((time) => time > since);
  }

  static readonly maxAgeSeconds = SESSION_DAYS * 86_400;
}

/** Starts a session for the browser of this request: the session cookie, Secure when served over HTTPS. */
export function signIn(c: Context, sessions: Sessions): void {
  const secure = new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https";
  setCookie(c, SESSION_COOKIE, sessions.create(), {
    httpOnly: true,
    sameSite: "Strict",
    secure,
    path: "/",
    maxAge: Sessions.maxAgeSeconds,
  });
}
