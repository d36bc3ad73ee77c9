/**
 * Opens the DuckDB warehouse with NAS-friendly settings and gives the rest of the program a small,
 * typed surface: statements with bound parameters, row objects with plain JS values, transactions.
 */
import {
  DuckDBConnection,
  DuckDBInstance,
  type DuckDBResultReader,
  type DuckDBValue,
} from "@duckdb/node-api";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { UserError } from "../lib/errors.ts";
import { MEMORY_LIMIT } from "../config.ts";

export type Params = DuckDBValue[] | Record<string, DuckDBValue>;
export type Row = Record<string, unknown>;

/** What DuckDB may use, for the whole database (every connection): a server's pages get less than its jobs. */
export interface Resources {
  /** DuckDB `memory_limit`, such as `160MB`. */
  memoryLimit: string;
  /** DuckDB `threads`: one query's (queries on other connections run beside it, on their callers' threads). */
  threads: number;
}

/** Resources default to `160MB` (as DUCKDB_MEMORY_LIMIT's) and 2 threads. */
export interface OpenOptions extends Partial<Resources> {
  /** Open without write access (used by `query`). Default false. */
  readOnly?: boolean;
  /** How many connections concurrent reads may spread over (spreadReads), default 1: the server's pages. */
  readConnections?: number;
}

export class WarehouseError extends UserError {}

/** DuckDB needed more memory than its memory_limit: the user can raise DUCKDB_MEMORY_LIMIT. */
export class OutOfMemory extends WarehouseError {}

export class Warehouse {
  readonly path: string;
  #instance: DuckDBInstance;
  #connection: DuckDBConnection;
  /** Sessions share their parent's database and close only their own connection. */
  #isSession: boolean;
  /** #connection, and how many calls it has in flight. */
  #main: Lane;
  /** Set by transaction(): everything runs on #connection, in the transaction. */
  #inTransaction = false;
  /** The most connections reads may spread over (spreadReads), #connection included. */
  #readConnections = 1;
  /** The extra connections reads spread over, made when first needed. */
  #spares: Lane[] = [];
  /** What every connection of this warehouse runs before its first read (setup()). */
  #setup: string[] = [];
  #closed = false;
  /** The database's calls in flight, shared with its sessions: lowering the memory limit waits for none. */
  #gate: Gate;

  private constructor(
    path: string,
    instance: DuckDBInstance,
    connection: DuckDBConnection,
    { isSession = false, gate = new Gate() }: { isSession?: boolean; gate?: Gate } = {},
  ) {
    this.path = path;
    this.#instance = instance;
    this.#connection = connection;
    this.#main = { busy: 0, ready: Promise.resolve(connection) };
    this.#isSession = isSession;
    this.#gate = gate;
  }

  /**
   * Another connection to the same database, for work that must not share this one's transaction or temp
   * tables (a scheduled job while pages are being served). Close it when done.
   */
  async session(): Promise<Warehouse> {
    return new Warehouse(this.path, this.#instance, await connectUtc(this.#instance), {
      isSession: true,
      gate: this.#gate,
    });
  }

  /**
   * Runs `fn` on a session() closed after it: its temp tables and views go with it. A build or an import on a
   * warehouse that stays open (a server's) runs so: on its own connection, the build's temp tables (tens of MB)
   * would stay in memory for good, counted against DuckDB's memory limit while pages read.
   */
  async inSession<T>(fn: (session: Warehouse) => Promise<T>): Promise<T> {
    const session = await this.session();
    try {
      return await fn(session);
    } finally {
      session.close();
    }
  }

  /**
   * Lets reads (rows, table, value) that arrive while this warehouse's connection is busy run side by side on up
   * to `connections - 1` more connections to the same database: the queries of a page, which it starts together,
   * then share a NAS's cores instead of waiting in line. Each extra connection is made when first needed and set
   * up like this one (UTC, and every statement setup() ran). Code that runs one statement after another never
   * spreads, nor does anything inside transaction(), and statements (run) stay on this connection: only
   * concurrent reads, which see committed data on any connection, move. Temp tables made with run() are not
   * seen by the others: a warehouse that spreads its reads sets up its temp views with setup().
   */
  spreadReads(connections: number): void {
    this.#readConnections = Math.max(1, Math.floor(connections));
  }

  /** How many connections reads may spread over (spreadReads). */
  get readConnections(): number {
    return this.#readConnections;
  }

  /** Runs a statement now and on every further connection spreadReads() makes: a temp view, a setting. */
  async setup(sql: string): Promise<void> {
    await this.run(sql);
    this.#setup.push(sql);
    for (const spare of this.#spares) await spare.ready.then((connection) => connection.run(sql));
  }

  /** Opens (creating when needed, unless read-only) the warehouse file at `path`. */
  static async open(
    path: string,
    { memoryLimit = "160MB", threads = 2, readOnly = false, readConnections = 1 }: OpenOptions = {},
  ): Promise<Warehouse> {
    if (path !== ":memory:" && !readOnly) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, {
        memory_limit: memoryLimit,
        threads: String(threads),
        access_mode: readOnly ? "READ_ONLY" : "READ_WRITE",
        // Halves JSON load time; we never rely on insertion order (row numbers come from ordinality).
        preserve_insertion_order: "false",
        // Vacuuming partly filled row groups at checkpoint caused random ~0.6 s pauses.
        max_vacuum_tasks: "0",
        enable_external_file_cache: "false",
      });
    } catch (error) {
      throw new WarehouseError(describeOpenError(path, error));
    }
    // The warehouse holds twenty years of listening and the Spotify tokens: owner-only, like a key file.
    if (path !== ":memory:" && !readOnly) await Deno.chmod(path, 0o600).catch(() => {});
    const warehouse = new Warehouse(path, instance, await connectUtc(instance));
    warehouse.spreadReads(readConnections);
    return warehouse;
  }

  /** Runs one statement (or a script of several, without parameters). */
  async run(sql: string, params?: Params): Promise<void> {
    await this.#on(this.#main, (connection) => connection.run(sql, params));
  }

  /** Runs a query and returns its rows as objects with JS values (BIGINTs that fit become numbers). */
  async rows<T extends Row = Row>(sql: string, params?: Params): Promise<T[]> {
    const reader = await this.#read(sql, params);
    return reader.getRowObjectsJS().map((row) => plainRow(row) as T);
  }

  /** Column names and rows, in order, for generic output (the `query` command). */
  async table(sql: string, params?: Params): Promise<{ columns: string[]; rows: unknown[][] }> {
    const reader = await this.#read(sql, params);
    return { columns: reader.columnNames(), rows: reader.getRowsJS().map((row) => row.map(plainValue)) };
  }

  /** Runs a read on this connection, or on the least busy spare when this one is busy (spreadReads). */
  #read(sql: string, params?: Params): Promise<DuckDBResultReader> {
    const lane = this.#main.busy > 0 && !this.#inTransaction ? this.#idlestSpare() ?? this.#main : this.#main;
    return this.#on(lane, (connection) => connection.runAndReadAll(sql, params));
  }

  /**
   * Runs `work` on `lane`'s connection, counted as in flight there and on the database (after any memory limit
   * being lowered); DuckDB's errors go through #fail.
   */
  async #on<T>(lane: Lane, work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    lane.busy++; // at once: reads started together pick their lanes by it (#read)
    try {
      await this.#gate.enter();
      try {
        return await work(await lane.ready).catch((error) => this.#fail(error));
      } finally {
        this.#gate.leave();
      }
    } finally {
      lane.busy--;
    }
  }

  /** A spare connection busy with fewer calls than this one, made now if there is room for one more. */
  #idlestSpare(): Lane | undefined {
    let best: Lane | undefined;
    for (const spare of this.#spares) if (spare.busy < (best ?? this.#main).busy) best = spare;
    if (best?.busy === 0 || this.#closed || this.#spares.length + 1 >= this.#readConnections) return best;
    const setup = [...this.#setup];
    const ready = connectUtc(this.#instance).then(async (connection) => {
      for (const sql of setup) await connection.run(sql);
      return connection;
    });
    const spare: Lane = { busy: 0, ready };
    // A spare that could not be made is forgotten (the reads waiting on it fail); the next read makes another.
    ready.catch(() => this.#spares = this.#spares.filter((other) => other !== spare));
    this.#spares.push(spare);
    return spare;
  }

  /** DuckDB ran out of its memory_limit: say which setting to raise; anything else as it is. */
  async #fail(error: unknown): Promise<never> {
    const message = error instanceof Error ? error.message : String(error);
    if (
      !/Out of Memory Error|could not allocate block|failed to allocate data|failed to pin block/i.test(
        message,
      )
    ) {
      throw error;
    }
    // DuckDB says the limit ("(121.9 MiB/122.0 MiB used)"); asking for it fails in a transaction it aborted.
    const limit = /\/\s*([\d.]+ \w+) used\)/.exec(message)?.[1] ??
      await this.#connection.runAndReadAll("select current_setting('memory_limit')")
        .then((reader) => String(reader.getRowsJS()[0]?.[0]), () => "its memory limit");
    throw new OutOfMemory(
      `This needs more memory than DUCKDB_MEMORY_LIMIT allows (${limit}): raise DUCKDB_MEMORY_LIMIT (for example ` +
        `to twice that) and run it again. Nothing was changed. (DuckDB said: ${message.split("\n")[0]})`,
    );
  }

  async value<T = unknown>(sql: string, params?: Params): Promise<T> {
    const [row] = await this.table(sql, params).then((t) => t.rows);
    return row?.[0] as T;
  }

  /** Runs `fn` inside one transaction: all of it is committed, or none of it. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.run("begin transaction");
    this.#inTransaction = true;
    try {
      const result = await fn();
      await this.run("commit");
      return result;
    } catch (error) {
      await this.run("rollback").catch(() => {});
      throw error;
    } finally {
      this.#inTransaction = false;
    }
  }

  /** Changes DuckDB's memory_limit for the whole database (every connection). Lowering it frees cache. */
  async setMemoryLimit(limit: string): Promise<void> {
    checkLimit(limit);
    await this.#connection.run(`set memory_limit = '${limit}'`);
  }

  /** Changes DuckDB's memory_limit and threads for the whole database (see Resources). */
  async setResources({ memoryLimit, threads }: Resources): Promise<void> {
    await this.setMemoryLimit(memoryLimit);
    await this.#connection.run(`set threads = ${checkThreads(threads)}`);
  }

  /**
   * Writes what was committed to the file, then lowers the memory limit (and sets the threads): committed writes
   * stay in DuckDB's memory until a checkpoint (it makes one by itself only past 16 MB of WAL), and no limit can
   * evict them. After a rebuild of the 20,000-play demo they held 46 MB of a 64 MB limit, leaving a page's queries
   * the other 18. Runs alone (Gate): a query running under a limit lowered beneath what it holds fails.
   */
  async lowerResources({ memoryLimit, threads }: Resources): Promise<void> {
    checkLimit(memoryLimit);
    checkThreads(threads);
    await this.#gate.alone(async () => {
      await this.#direct("checkpoint");
      await this.#direct(`set memory_limit = '${memoryLimit}'`);
      await this.#direct(`set threads = ${threads}`);
    });
  }

  /**
   * Gives DuckDB's cached blocks back: checkpoints, lowers the limit to 1MB (which evicts every block it can;
   * short of 1MB, a few pinned blocks stay) and sets `limit`. Runs alone (Gate): a page that queried
   * while the limit was 1MB failed "Out of Memory" (a server's first page, 1 s after start, often did). Does
   * nothing, and returns false, when `unless()` is true once no call is in flight (a job started meanwhile and
   * raised the limit for itself).
   */
  async giveMemoryBack(
    limit: string,
    { unless = () => false }: { unless?: () => boolean } = {},
  ): Promise<boolean> {
    checkLimit(limit);
    return await this.#gate.alone(async () => {
      if (unless()) return false;
      await this.#direct("checkpoint");
      await this.#direct("set memory_limit = '1MB'").catch(() => {});
      await this.#direct(`set memory_limit = '${limit}'`);
      return true;
    });
  }

  /** A statement on this connection, past the gate: for the work of Gate.alone() only, which would wait for itself. */
  async #direct(sql: string): Promise<void> {
    await this.#connection.run(sql).catch((error) => this.#fail(error));
  }

  close(): void {
    this.#closed = true;
    for (const spare of this.#spares) spare.ready.then((connection) => connection.closeSync(), () => {});
    this.#spares = [];
    this.#connection.closeSync();
    if (!this.#isSession) this.#instance.closeSync();
  }
}

/** SET takes no bound parameters: a limit goes into the statement only once it matches MEMORY_LIMIT. */
function checkLimit(limit: string): void {
  if (!MEMORY_LIMIT.test(limit)) throw new WarehouseError(`Not a memory limit: "${limit}"`);
}

function checkThreads(threads: number): number {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new WarehouseError(`Not a number of threads: ${threads}`);
  }
  return threads;
}

/**
 * Counts a database's calls in flight, and lets work run alone: `alone(fn)` holds new calls back (enter() waits),
 * waits until those in flight have left, runs `fn`, then lets the held ones go. One `fn` at a time.
 */
class Gate {
  #inFlight = 0;
  /** Set while an alone() holds the gate; resolved when it lets go. */
  #held: Promise<void> | undefined;
  #drained: (() => void) | undefined;

  async enter(): Promise<void> {
    while (this.#held) await this.#held;
    this.#inFlight++;
  }

  leave(): void {
    this.#inFlight--;
    if (this.#inFlight === 0) this.#drained?.();
  }

  async alone<T>(fn: () => Promise<T>): Promise<T> {
    while (this.#held) await this.#held;
    let release = () => {};
    this.#held = new Promise((resolve) => release = resolve);
    try {
      if (this.#inFlight > 0) await new Promise<void>((resolve) => this.#drained = resolve);
      this.#drained = undefined;
      return await fn();
    } finally {
      this.#held = undefined;
      release();
    }
  }
}

/** A connection (once made) and how many calls it has in flight: the warehouse's own, or a spare for reads. */
interface Lane {
  busy: number;
  ready: Promise<DuckDBConnection>;
}

/** A new connection to `instance`. Timestamps are shown and parsed as UTC; models apply local time explicitly. */
async function connectUtc(instance: DuckDBInstance): Promise<DuckDBConnection> {
  const connection = await instance.connect();
  await connection.run("set TimeZone = 'UTC'");
  return connection;
}

function describeOpenError(path: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/lock/i.test(message)) {
    return `Cannot open the warehouse "${path}": another process is using it (is \`serve\` running? ` +
      `stop it first). DuckDB said: ${message}`;
  }
  return `Cannot open the warehouse "${path}": ${message}`;
}

function plainRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) out[key] = plainValue(value);
  return out;
}

function plainValue(value: unknown): unknown {
  if (typeof value === "bigint") {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  return value;
}
