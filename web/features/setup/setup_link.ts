/**
 * The one-time setup link of a server reachable from other machines that has no admin password yet (as
 * Jupyter prints a token): `serve` prints `/setup?token=…` in its log at start. Opening it once gives that
 * browser a setup session, which may set the admin password; the link then works no more, and every setup
 * session ends when a password exists. Tokens are 256 random bits, compared in constant time.
 */
import { randomBytes } from "node:crypto";
import { sameSecret } from "../../../lib/passwords.ts";

export class SetupLink {
  /** The token of the printed link. */
  readonly token = randomBytes(32).toString("base64url");
  #used = false;
  #closed = false;
  #sessions = new Set<string>();

  /** The path to print: `/setup?token=…`. */
  get path(): string {
    return `/setup?token=${this.token}`;
  }

  /** Exchanges the link's token, once, for a setup session id; undefined for any other token or a used link. */
  redeem(token: string): string | undefined {
    if (this.#used || this.#closed || !sameSecret(token, this.token)) return undefined;
    this.#used = true;
    const session = randomBytes(32).toString("base64url");
    this.#sessions.add(session);
    return session;
  }

  isSession(id: string | undefined): boolean {
    return !this.#closed && id !== undefined && this.#sessions.has(id);
  }

  /** An admin password exists: the link and its sessions are over. */
  close(): void {
    this.#closed = true;
    this.#sessions.clear();
  }
}
