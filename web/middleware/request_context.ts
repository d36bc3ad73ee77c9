/**
 * What a page request needs, set once on typed context variables (web/env.ts) instead of in every handler:
 * the warehouse shown and whether it is the demo, the alerts and listeners the layout shows, the chosen
 * listener's view of the warehouse, and the `period` query value.
 */
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { listenerNames, ListenerViews } from "../../warehouse/listener_views.ts";
import { type SpotifyStatus, spotifyStatus } from "../../warehouse/state/spotify_connections.ts";
import type { Warehouse } from "../../warehouse/duckdb.ts";
import type { AppEnv, WebOptions } from "../env.ts";
import { parsePeriod, PeriodError } from "../period.ts";
import { loadCharts } from "../charts/render.ts";

/** The cookie naming the listener shown. */
export const LISTENER_COOKIE = "listener";

/** `c.var.warehouse` and `c.var.isDemo`: the warehouse shown (demo or the user's), everyone's plays. */
export function shownWarehouse(options: Pick<WebOptions, "warehouse">): MiddlewareHandler<AppEnv> {
  return async function setWarehouse(c, next) {
    const current = await options.warehouse();
    c.set("warehouse", current.warehouse);
    c.set("isDemo", current.isDemo);
    await next();
  };
}

/**
 * On every page: a Spotify connection that needs the user (a refused token) becomes an alert, and the listeners
 * are known for the switch. Reads nothing when the warehouse cannot be read: the page itself says so. With
 * `version` (what invalidates the state pages: a job, a form, 10 s), both are read once per version and
 * warehouse, not on every request: pages never cached (Import) ran two reads each, which 8 clients queued for.
 */
export function spotifyAlerts(
  options: Pick<WebOptions, "warehouse">,
  version?: () => string,
): MiddlewareHandler<AppEnv> {
  let read: { warehouse: Warehouse; version: string; header: Promise<LayoutState> } | undefined;
  return async function setAlerts(c, next) {
    if (c.req.method === "GET") {
      try {
        const { warehouse } = await options.warehouse();
        const now = version?.();
        let header: Promise<LayoutState>;
        if (now !== undefined && read?.warehouse === warehouse && read.version === now) {
          header = read.header;
        } else {
          header = layoutState(warehouse);
          read = now === undefined ? undefined : { warehouse, version: now, header };
          // a failed read is not kept: the next request tries again
          header.catch(() => read?.header === header && (read = undefined));
        }
        setLayoutState(c, await header);
      } catch { /* the page's own read fails and says so */ }
    }
    await next();
  };
}

/** What the layout shows on every page: the Spotify connections and the listeners. */
interface LayoutState {
  status: SpotifyStatus;
  listeners: string[];
}

async function layoutState(warehouse: Warehouse): Promise<LayoutState> {
  return { status: await spotifyStatus(warehouse), listeners: await listenerNames(warehouse) };
}

function setLayoutState(c: Context<AppEnv>, { status, listeners }: LayoutState): void {
  c.set("spotifyStatus", status);
  c.set("listeners", listeners);
  c.set(
    "alerts",
    status.connections.filter((connection) => connection.status === "needs_reconnect").map((connection) =>
      `Spotify stopped accepting the connection of “${connection.userName}”: connect it again in Settings.`
    ),
  );
}

/**
 * A household's listener chosen in the header (a cookie) narrows `c.var.warehouse` to their plays, and names
 * them in `c.var.listener`. Shared pages always show everyone. Runs after `shownWarehouse`.
 */
export function listenerView(): MiddlewareHandler<AppEnv> {
  const views = new ListenerViews();
  return async function narrowToListener(c, next) {
    const listener = c.var.sharedUntil ? undefined : getCookie(c, LISTENER_COOKIE);
    const view = listener ? await views.get(c.var.warehouse, listener) : undefined;
    if (view) {
      c.set("listener", listener);
      c.set("warehouse", view);
    }
    await next();
  };
}

/**
 * `c.var.period` from the `period` query value the analysis pages share. A bad one sets status 400 and
 * `c.var.periodError`, with "all time" to fall back on and the typed value kept in the form.
 */
export const readPeriod: MiddlewareHandler<AppEnv> = async function readPeriod(c, next) {
  try {
    c.set("period", parsePeriod(c.req.query("period")));
  } catch (error) {
    if (!(error instanceof PeriodError)) throw error;
    c.status(400);
    c.set("period", { ...parsePeriod("all"), value: c.req.query("period") ?? "" });
    c.set("periodError", error.message);
  }
  await next();
};

/** Loads the chart renderer (Plot) before the first page that may draw a chart: see loadCharts(). */
export const chartsLoaded: MiddlewareHandler<AppEnv> = async (_c, next) => {
  await loadCharts();
  await next();
};
