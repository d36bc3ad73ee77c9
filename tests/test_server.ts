/**
 * The whole server (serve.ts's createServer: live settings, setup link, page cache, metrics) in this process,
 * without a socket: requests are handed to its fetch with the client address a test chooses, so a request can
 * come from this machine or from the LAN.
 */
import { join } from "node:path";
import { loadConfig } from "../config.ts";
import { Logger } from "../log.ts";
import { createServer, type Server } from "../serve.ts";

/** A client on this machine, and one on the LAN. */
export const LOOPBACK = "127.0.0.1";
export const LAN = "192.168.1.20";

export interface TestServer {
  server: Server;
  /** The data folder (the warehouse is `music.duckdb` in it). */
  dir: string;
  origin: string;
  /** GET (or `init`) `path`, from `from` (default this machine). */
  request(path: string, init?: RequestInit & { from?: string }): Promise<Response>;
  /** A form POST from this server's own pages (`origin` overrides the Origin header). */
  post(
    path: string,
    fields: Record<string, string>,
    options?: { from?: string; cookie?: string; origin?: string },
  ): Promise<Response>;
}

/**
 * Runs `fn` with a server on a fresh data folder (`env` adds settings; HOST 0.0.0.0 makes it reachable from the
 * LAN), then closes it and removes the folder.
 */
export async function withServer(
  fn: (test: TestServer) => Promise<void>,
  { env = {}, schedules = false, prepare, after }: {
    env?: Record<string, string>;
    schedules?: boolean;
    /** Runs on the fresh data folder before the server starts (an import, a stored setting …). */
    prepare?: (dir: string) => Promise<void>;
    /** Runs on the data folder once the server has stopped (what it left in the warehouse). */
    after?: (dir: string) => Promise<void>;
  } = {},
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-server-" });
  try {
    await prepare?.(dir);
    const config = loadConfig({ DUCKDB_PATH: join(dir, "music.duckdb"), ...env });
    const origin = `http://${config.host === "0.0.0.0" ? "nas.local" : config.host}:${config.port}`;
    // The server's errors are kept for a failing test's message: a 500's page says only "see the log".
    const errors: string[] = [];
    const server = await createServer(config, {
      schedules,
      logger: new Logger({ level: "error", write: (line) => errors.push(line) }),
    });
    await server.start();
    const request = (path: string, { from = LOOPBACK, ...init }: RequestInit & { from?: string } = {}) =>
      Promise.resolve(server.fetch(new Request(new URL(path, origin), init), {
        remoteAddr: { transport: "tcp", hostname: from, port: 50_000 },
        completed: Promise.resolve(),
      }));
    const post = (
      path: string,
      fields: Record<string, string>,
      options: { from?: string; cookie?: string; origin?: string } = {},
    ) =>
      request(path, {
        method: "POST",
        from: options.from,
        redirect: "manual",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: options.origin ?? origin,
          ...(options.cookie ? { cookie: options.cookie } : {}),
        },
        body: new URLSearchParams(fields).toString(),
      });
    try {
      await fn({ server, dir, origin, request, post });
    } catch (error) {
      if (error instanceof Error && errors.length) {
        error.message += `\nThe server logged:\n${errors.join("\n")}`;
      }
      throw error;
    } finally {
      await server.close();
    }
    await after?.(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** `name=value` of a response's Set-Cookie for `name`, for the next request's Cookie header. */
export function cookieOf(response: Response, name: string): string | undefined {
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0])
    .find((pair) => pair.startsWith(`${name}=`));
}
