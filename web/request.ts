/** Small readings of a request that several features make: who sent it, and where it may send the browser. */
import { isLoopbackHost } from "../lib/hosts.ts";

/** The peer's address (IPv4-mapped IPv6 unwrapped), when the server knows it. */
export function remoteAddress(c: { env: unknown }): string | undefined {
  const host = (c.env as { remoteAddr?: Deno.NetAddr } | undefined)?.remoteAddr?.hostname;
  return host?.replace(/^::ffff:/, "");
}

/** An address (or host name) on this machine only. */
export { isLoopbackHost };

/** Only paths on this site: no scheme, no `//host`. */
export function safeNext(next: string | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

/** A surrogate key from a URL: a whole number that fits DuckDB's bigint, else undefined. */
export function parseKey(text: string): bigint | undefined {
  if (!/^\d{1,19}$/.test(text)) return undefined;
  const key = BigInt(text);
  return key <= 9_223_372_036_854_775_807n ? key : undefined;
}

/**
 * A request from a program on this machine itself (the CLI): from a loopback address, and not relayed by a
 * reverse proxy on this machine (which would make anyone's request look local).
 */
export function isFromThisMachine(
  c: { env: unknown; req: { header(name: string): string | undefined } },
): boolean {
  const remote = remoteAddress(c);
  return Boolean(remote && isLoopbackHost(remote)) && !c.req.header("x-forwarded-for") &&
    !c.req.header("forwarded") && !c.req.header("x-real-ip");
}
