/**
 * The listeners of a household, and per-listener views of its warehouse. Each listener gets a connection of
 * its own on which temp views named like the per-listener marts (`fct_play` and the sums of it) hold only their
 * rows: DuckDB resolves temp views before tables, so every page's queries show that listener without a change to
 * them. Connections are kept per warehouse and listener, and closed when the warehouse shown changes (the demo
 * gives way to the real one).
 */
import { AGGREGATE_TABLES } from "./build.ts";
import type { Warehouse } from "./duckdb.ts";

/** Everyone with plays, by name. */
export async function listenerNames(warehouse: Warehouse): Promise<string[]> {
  return (await warehouse.rows<{ user_name: string }>("select user_name from dim_user order by user_name"))
    .map((row) => row.user_name);
}

/** The marts with a row per listener's something, which a listener's view narrows to them. */
const PER_LISTENER = ["fct_play", ...AGGREGATE_TABLES];

export class ListenerViews {
  #base: Warehouse | undefined;
  #views = new Map<string, Promise<Warehouse | undefined>>();

  /** The view of `listener` on `base`, or undefined when no listener has that name. */
  get(base: Warehouse, listener: string): Promise<Warehouse | undefined> {
    if (base !== this.#base) {
      this.close();
      this.#base = base;
    }
    let view = this.#views.get(listener);
    if (!view) {
      view = open(base, listener);
      this.#views.set(listener, view);
      // A name that is not a listener (yet) is looked up again next time: an import may add them.
      view.then((found) => found ?? this.#views.delete(listener), () => this.#views.delete(listener));
    }
    return view;
  }

  close(): void {
    for (const view of this.#views.values()) {
      view.then((session) => session?.close()).catch(() => {});
    }
    this.#views.clear();
  }
}

async function open(base: Warehouse, listener: string): Promise<Warehouse | undefined> {
  const key = await base.value<number | string | null>("select user_key from dim_user where user_name = $1", [
    listener,
  ]);
  if (key === null || key === undefined) return undefined;
  const session = await base.session();
  // A listener's pages spread their queries as the household's do; every connection gets the views.
  session.spreadReads(base.readConnections);
  // A temp view's `main` is the temp catalog's: the tables are named by their database. DDL takes no
  // parameters: the key is a number from dim_user, the database name is quoted, the tables are the constants above.
  const database = await session.value<string>("select current_database()");
  const quoted = `"${database.replaceAll('"', '""')}"`;
  for (const table of PER_LISTENER) {
    await session.setup(
      `create or replace temp view ${table} as select * from ${quoted}.main.${table} where user_key = ${
        BigInt(key)
      }`,
    );
  }
  return session;
}
