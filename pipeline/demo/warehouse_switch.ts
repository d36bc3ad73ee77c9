/**
 * Decides which warehouse the dashboard shows. With no real plays yet (a fresh machine), a separate demo
 * warehouse, generated once from the deterministic history generator through the normal import path; as soon
 * as the real warehouse holds plays (the user imported) or a listen token (players may send plays any time), the
 * real one, for good. Demo plays never enter it.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { OpenOptions, Resources, Warehouse } from "../../warehouse/duckdb.ts";
import type { BuildSettings } from "../../warehouse/build.ts";
import { openWarehouse } from "../../warehouse/migrate.ts";
import { refreshEnrichment, refreshLibrary } from "../../warehouse/build.ts";
import { readSql } from "../../warehouse/sql_files.ts";
import { recordPending } from "../../warehouse/state/enrichment.ts";
import { connectionCount } from "../../warehouse/state/spotify_connections.ts";
import { activeTokenCount } from "../../warehouse/state/listen_tokens.ts";
import { importExports } from "../imports/import_exports.ts";
import { generateExtendedHistory } from "./history/mod.ts";

export interface CurrentWarehouse {
  warehouse: Warehouse;
  isDemo: boolean;
}

export interface WarehouseSwitchOptions {
  realPath: string;
  demoPath: string;
  settings: BuildSettings;
  openOptions?: OpenOptions;
  /**
   * What a warehouse runs with once it is the one shown, opened (and built when needed) with openOptions: a
   * server's idle resources, which its job runner raises for each job. Default: openOptions' own.
   */
  shownResources?: Resources;
  /** Plays in the generated demo history. Default 20,000 (about 2 s to build on first start). */
  demoPlays?: number;
  /** How often to look for a real warehouse while showing the demo. Default 5 s. */
  recheckMs?: number;
  onProgress?: (message: string) => void;
  /** The clock: the demo's history ends at this moment. Default: the real one. */
  now?: () => Date;
}

/** A demo whose newest play is older than this is made again (its "this week" and "this month" would be empty). */
const DEMO_MAX_AGE_MS = 7 * 86_400_000;

export const DEMO_USER = "demo";

export class WarehouseSwitch {
  #options: WarehouseSwitchOptions;
  #current: CurrentWarehouse | undefined;
  #checkedAt = 0;
  #pending: Promise<CurrentWarehouse> | undefined;
  /**
   * Opening the real file while it is not the one shown goes one at a time: DuckDB lets one process open a file
   * twice (both writable), which must never happen.
   */
  #realLock: Promise<unknown> = Promise.resolve();
  #realBusy = false;
  /** Counts the switches between warehouses, for caches of what the pages show. */
  generation = 0;

  constructor(options: WarehouseSwitchOptions) {
    this.#options = { ...options };
  }

  /** What the marts are built with from now on (a warehouse opened later is rebuilt for them if needed). */
  updateSettings(settings: BuildSettings): void {
    this.#options.settings = settings;
  }

  /** The warehouse to read now. Cheap: re-checks for real plays at most every `recheckMs`. */
  current(): Promise<CurrentWarehouse> {
    const recheck = Date.now() - this.#checkedAt >= (this.#options.recheckMs ?? 5_000);
    if (this.#current && (!this.#current.isDemo || !recheck)) return Promise.resolve(this.#current);
    this.#pending ??= this.#choose().finally(() => this.#pending = undefined);
    return this.#pending;
  }

  /** The real warehouse, created if needed, from now on (connecting Spotify makes it the user's for good). */
  async real(): Promise<Warehouse> {
    if (this.#current && !this.#current.isDemo) return this.#current.warehouse;
    return await this.#exclusive(async () => {
      if (this.#current && !this.#current.isDemo) return this.#current.warehouse;
      const { realPath, settings, openOptions } = this.#options;
      const warehouse = await this.#shown(await openWarehouse(realPath, settings, openOptions));
      this.#current?.warehouse.close();
      this.#current = { warehouse, isDemo: false };
      this.generation++;
      this.#options.onProgress?.(`Serving the warehouse ${realPath}`);
      return warehouse;
    });
  }

  /**
   * Runs `fn` on the real warehouse without making it the one shown: a preview of an upload must not move the
   * dashboard off the demo if the user never imports. Opens the file just for `fn` when it is not open yet.
   */
  async withReal<T>(fn: (warehouse: Warehouse) => Promise<T>): Promise<T> {
    if (this.#current && !this.#current.isDemo) return await fn(this.#current.warehouse);
    return await this.#exclusive(async () => {
      if (this.#current && !this.#current.isDemo) return await fn(this.#current.warehouse);
      const { realPath, settings, openOptions } = this.#options;
      const warehouse = await openWarehouse(realPath, settings, openOptions);
      try {
        return await fn(warehouse);
      } finally {
        warehouse.close();
      }
    });
  }

  /** Runs `fn` when no other opening of the real file is under way. */
  async #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.#realLock;
    let release = () => {};
    this.#realLock = new Promise<void>((resolve) => release = resolve);
    await previous;
    this.#realBusy = true;
    try {
      return await fn();
    } finally {
      this.#realBusy = false;
      release();
    }
  }

  /**
   * Goes back to the demo when the real warehouse is still empty (no plays, no Spotify connection, no listen
   * token): after a first import from the browser failed, the dashboard shows the demo again rather than an
   * empty warehouse.
   * Call it only when no job is using the real warehouse. Returns whether it went back.
   */
  async showDemoIfEmpty(): Promise<boolean> {
    if (!this.#current || this.#current.isDemo) return false;
    const warehouse = this.#current.warehouse;
    const plays = await warehouse.value<number>("select count(*) from fct_play");
    if (plays > 0 || await connectionCount(warehouse) > 0 || await activeTokenCount(warehouse) > 0) {
      return false;
    }
    warehouse.close();
    this.#current = undefined;
    this.#checkedAt = 0;
    this.generation++;
    this.#options.onProgress?.("The real warehouse is still empty: serving the demo data again");
    return true;
  }

  close(): void {
    this.#current?.warehouse.close();
    this.#current = undefined;
  }

  async #choose(): Promise<CurrentWarehouse> {
    this.#checkedAt = Date.now();
    const real = await this.#openRealWithPlays().then((found) => found && this.#shown(found));
    if (real) {
      this.#current?.warehouse.close();
      this.#current = { warehouse: real, isDemo: false };
      this.generation++;
      this.#options.onProgress?.(`Serving the warehouse ${this.#options.realPath}`);
    } else if (!this.#current) {
      this.#current = { warehouse: await this.#shown(await this.#openDemo()), isDemo: true };
      this.generation++;
      this.#options.onProgress?.(`No plays imported yet: serving demo data from ${this.#options.demoPath}`);
    }
    return this.#current;
  }

  /** `warehouse`, set to run with shownResources. */
  async #shown(warehouse: Warehouse): Promise<Warehouse> {
    if (this.#options.shownResources) await warehouse.setResources(this.#options.shownResources);
    return warehouse;
  }

  /** The real warehouse when its file exists and holds plays; undefined otherwise or while another process holds it. */
  async #openRealWithPlays(): Promise<Warehouse | undefined> {
    const { realPath } = this.#options;
    // While a preview or a setting holds the real file, look again next time rather than make pages wait.
    if (!existsSync(realPath) || this.#realBusy) return undefined;
    return await this.#exclusive(async () => {
      const { settings, openOptions } = this.#options;
      let warehouse: Warehouse;
      try {
        warehouse = await openWarehouse(realPath, settings, openOptions);
      } catch (error) {
        this.#options.onProgress?.(`Cannot open ${realPath} yet: ${(error as Error).message}`);
        return undefined;
      }
      const plays = await warehouse.value<number>("select count(*) from fct_play");
      // A listen token makes it the user's too: players may send their first listen any time.
      if (plays > 0 || await activeTokenCount(warehouse) > 0) return warehouse;
      warehouse.close();
      return undefined;
    });
  }

  async #openDemo(): Promise<Warehouse> {
    const { demoPath, settings, openOptions, demoPlays = 20_000 } = this.#options;
    const now = this.#options.now?.() ?? new Date();
    let warehouse = await openWarehouse(demoPath, settings, openOptions);
    const newest = await warehouse.value<Date | null>("select max(played_at) from fct_play");
    if (newest && now.getTime() - newest.getTime() > DEMO_MAX_AGE_MS) {
      this.#options.onProgress?.(
        `The demo data ends on ${newest.toISOString().slice(0, 10)}: making it again`,
      );
      warehouse.close();
      for (const file of [demoPath, `${demoPath}.wal`]) await Deno.remove(file).catch(() => {});
      warehouse = await openWarehouse(demoPath, settings, openOptions);
    } else if (newest) {
      // A demo made before enrichment existed gets its invented genres and countries now.
      if (await warehouse.value<number>("select count(*) from raw_spotify_item") === 0) {
        await addDemoEnrichment(warehouse);
      }
      // And one made before library snapshots existed gets its invented library.
      if (await warehouse.value<number>("select count(*) from raw_spotify_library_snapshot") === 0) {
        await addDemoLibrary(warehouse);
      }
      return warehouse;
    }
    this.#options.onProgress?.(`Generating the demo warehouse (${demoPlays} plays)…`);
    const folder = await Deno.makeTempDir({ dir: dirname(demoPath), prefix: ".demo-" });
    try {
      for (const file of demoHistory(demoPlays, now)) {
        await Deno.writeTextFile(join(folder, file.name.replaceAll("/", "_")), file.json);
      }
      // On a session, as every import and build on a warehouse that stays open: their temp tables go with it.
      await warehouse.inSession((session) => importExports(session, [folder], { user: DEMO_USER, settings }));
      await addDemoEnrichment(warehouse);
      await addDemoLibrary(warehouse);
    } finally {
      await Deno.remove(folder, { recursive: true });
    }
    return warehouse;
  }
}

/**
 * The demo's export files: a history that ends at `now`. The export is dated three days later, so that its last
 * sessions start today (the generator leaves the two days before an export's date empty); the plays that would
 * end after `now` are left out.
 */
export function* demoHistory(plays: number, now: Date): Generator<{ name: string; json: string }> {
  const exportDate = new Date(now.getTime() + 3 * 86_400_000).toISOString().slice(0, 10);
  for (const file of generateExtendedHistory({ plays, seed: 1, exportDate })) {
    const rows = (JSON.parse(file.json) as { ts: string }[]).filter((row) =>
      Date.parse(row.ts) <= now.getTime()
    );
    if (rows.length > 0) yield { name: file.name, json: JSON.stringify(rows) };
  }
}

/** Invented Spotify and MusicBrainz answers for the demo's invented artists, so its genre and map pages show. */
export async function addDemoEnrichment(warehouse: Warehouse): Promise<void> {
  await warehouse.inSession((session) =>
    session.transaction(async () => {
      await session.run(await readSql("demo/enrichment_answers.sql"));
      await refreshEnrichment(session);
      await recordPending(session, { spotify: 0, musicbrainz: 0 });
    })
  );
}

/** An invented library snapshot (liked songs, followed artists, playlists), so the demo's Library page shows. */
export async function addDemoLibrary(warehouse: Warehouse): Promise<void> {
  await warehouse.inSession((session) =>
    session.transaction(async () => {
      await session.run(await readSql("demo/library_snapshot.sql"));
      await refreshLibrary(session);
    })
  );
}
