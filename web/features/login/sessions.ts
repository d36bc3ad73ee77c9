/**
 * Who may use the dashboard. On 127.0.0.1 (the default) nobody else can reach it, so no password is needed.
 * Bound to any other address it requires the admin password: a login form at /login, an scrypt hash (never the
 * password) kept in memory, random session ids in HttpOnly, SameSite=Strict cookies (Secure behind HTTPS), and
 * at most a few failed logins per address per quarter hour.
 */
import { randomBytes } from "node:crypto";

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
