/**
 * Who may use the dashboard. On 127.0.0.1 (the default) nobody else can reach it, so no password is needed.
 * Bound to any other address it requires the admin password: a login form at /login, an scrypt hash (never the
 * password) kept in memory, random session ids in HttpOnly, SameSite=Strict cookies (Secure behind HTTPS), and
 * at most a few failed logins per address per quarter hour.
 */
import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";

const SCRYPT = { N: 16384, r: 8, p: 1 };
const SESSION_DAYS = 30;
const MAX_FAILURES = 5;
const FAILURE_WINDOW_MS = 15 * 60_000;

/** `scrypt$N$r$p$salt$hash`, base64 parts: what a password file or setting stores. */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, SCRYPT);
  return ["scrypt", SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString("base64"), hash.toString("base64")].join("$");
}

export function verifyPassword(password: string, stored: string): boolean {
  const [kind, n, r, p, salt, hash] = stored.split("$");
  if (kind !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = scryptSync(password, Buffer.from(salt, "base64"), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected);
}

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
