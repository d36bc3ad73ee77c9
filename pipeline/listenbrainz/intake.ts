/**
 * Where received listens enter (the web layer gets these as AppOptions.listens): each request's listens land raw
 * in one transaction on a connection of their own, one transaction after another (so listen ids commit in order;
 * requests arriving together share one), and the answer goes back as soon as they are safe; then the `listens`
 * job adds them to the marts on the job runner, after whatever job holds them. Requests that arrive while it runs are added by one more run after it,
 * so a burst of scrobbles costs a few runs, not one each. The tokens players send live in the same warehouse.
 */
import type { Logger } from "../../log.ts";
import type { BuildSettings } from "../../warehouse/build.ts";
import type { Warehouse } from "../../warehouse/duckdb.ts";
import {
  createToken,
  type ListenToken,
  listTokens,
  revokeToken,
  type TokenOwner,
  verifyToken,
} from "../../warehouse/state/listen_tokens.ts";
import { Rerun } from "../../lib/rerun.ts";
import type { JobRunner } from "../jobs/runner.ts";
import { appendListensJob } from "./append.ts";
import { deleteManualListen, type Landing, landListens } from "./land.ts";

/** Submissions landed in one transaction at most (at most 1,000 listens each: 50 MB of JSON at the very worst). */
const MAX_GROUP = 50;

export interface IntakeOptions {
  /** The user's own warehouse, opened (and from then on shown) if it is not yet. */
  real: () => Promise<Warehouse>;
  /** The user's own warehouse when it is the one open, else undefined (the demo is shown: no tokens exist). */
  current: () => Promise<Warehouse | undefined>;
  runner: JobRunner;
  settings: BuildSettings;
  logger: Logger;
}

export class ListenIntake {
  #options: IntakeOptions;
  #session: Warehouse | undefined;
  /** Landings and deletions, one after another on #session. */
  #queue: Promise<unknown> = Promise.resolve();
  /** Submissions waiting to land. */
  #waiting: { landing: Landing; resolve: () => void; reject: (error: unknown) => void }[] = [];
  #landing = new Rerun(() => this.#landWaiting());
  #appending = new Rerun(() => this.#append());

  constructor(options: IntakeOptions) {
    this.#options = options;
  }

  /**
   * Lands one submission (all its listens or none), then has the marts follow. Submissions that arrive while
   * another lands wait and then land together, in one transaction (group commit): a burst of scrobbles costs a
   * few commits, not one each; each caller learns only once its own listens are committed.
   */
  land(landing: Landing): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ landing, resolve, reject });
      this.#landing.ask();
    });
  }

  /** Deletes a manual listen; its play leaves the marts with the next run of the `listens` job, started now. */
  async deleteManual(listenId: number): Promise<boolean> {
    const deleted = await this.#serial((session) => deleteManualListen(session, listenId));
    if (deleted) this.requestAppend();
    return deleted;
  }

  /** Adds what was landed to the marts soon (also at start-up: listens landed before a kill). */
  requestAppend(): void {
    this.#appending.ask();
  }

  /** Resolves when every listen landed so far is in the marts (or its run failed and was recorded). */
  async settled(): Promise<void> {
    await this.#landing.settled();
    await this.#appending.settled();
  }

  async verifyToken(token: string): Promise<TokenOwner | undefined> {
    const warehouse = await this.#options.current();
    return warehouse ? await verifyToken(warehouse, token) : undefined;
  }

  /** A new token for `user`: made in the user's own warehouse, which is then the one shown. */
  async createToken(user: string, label?: string): Promise<{ id: number; token: string }> {
    return await createToken(await this.#options.real(), user, { label });
  }

  async listTokens(): Promise<ListenToken[]> {
    const warehouse = await this.#options.current();
    return warehouse ? await listTokens(warehouse) : [];
  }

  async revokeToken(id: number): Promise<boolean> {
    const warehouse = await this.#options.current();
    return warehouse ? await revokeToken(warehouse, id) : false;
  }

  close(): void {
    this.#session?.close();
    this.#session = undefined;
  }

  /** Lands what waits, at most MAX_GROUP submissions per transaction. */
  async #landWaiting(): Promise<boolean> {
    while (this.#waiting.length > 0) {
      const group = this.#waiting.splice(0, MAX_GROUP);
      try {
        const landed = await this.#serial((session) =>
          landListens(session, ...group.map((item) => item.landing))
        );
        this.#options.logger.debug("listens landed", {
          submissions: group.length,
          listens: landed.reduce((sum, { listenIds }) => sum + listenIds.length, 0),
        });
        for (const item of group) item.resolve();
        this.requestAppend();
      } catch (error) {
        for (const item of group) item.reject(error);
      }
    }
    return true;
  }

  /** One run of the listens job; a failure is recorded and notified by the runner, the listens stay landed. */
  async #append(): Promise<boolean> {
    const result = await this.#options.runner.run(appendListensJob(this.#options.settings), "api");
    return result.status !== "failed";
  }

  #serial<T>(fn: (session: Warehouse) => Promise<T>): Promise<T> {
    const run = this.#queue.then(async () => {
      this.#session ??= await (await this.#options.real()).session();
      try {
        return await fn(this.#session);
      } catch (error) {
        // The connection may be what failed (its warehouse was closed): the next one starts afresh.
        this.#session?.close();
        this.#session = undefined;
        throw error;
      }
    });
    this.#queue = run.catch(() => {});
    return run;
  }
}
