/**
 * The web app: global middleware (compression, CSRF, login, logs, security headers), the page renderer, and
 * one `app.route()` per feature. Each feature (web/features/<name>/) holds its routes, page, queries and tests;
 * what its requests need is set by the middleware chains built here (web/env.ts, FeatureDeps).
 */
import { Hono } from "hono";
import { jsxRenderer } from "hono/jsx-renderer";
import { secureHeaders } from "hono/secure-headers";
import { csrf } from "hono/csrf";
import { compress } from "hono/compress";
import { HTTPException } from "hono/http-exception";
import { Layout } from "./components/layout.tsx";
import type { AppEnv, AppOptions, FeatureDeps, WebOptions } from "./env.ts";
import { PageCache } from "./middleware/page_cache.ts";
import { chartsLoaded, listenerView, shownWarehouse, spotifyAlerts } from "./middleware/request_context.ts";
import { staticRoutes } from "./static_files.ts";
import { behaviourRoutes } from "./features/behaviour/routes.tsx";
import { chartsRoutes } from "./features/charts/routes.tsx";
import { compareRoutes } from "./features/compare/routes.tsx";
import { genresRoutes } from "./features/genres/routes.tsx";
import { geographyRoutes } from "./features/geography/routes.tsx";
import { habitsRoutes } from "./features/habits/routes.tsx";
import { healthRoutes } from "./features/health/routes.ts";
import { historyRoutes } from "./features/history/routes.tsx";
import { importRoutes } from "./features/import/routes.tsx";
import { itemRoutes } from "./features/items/routes.tsx";
import { jobsApiRoutes, jobsRoutes } from "./features/jobs/routes.tsx";
import { libraryRoutes } from "./features/library/routes.tsx";
import { listenbrainzRoutes } from "./features/listenbrainz/routes.ts";
import { listenerRoutes } from "./features/listener/routes.ts";
import { listensRoutes } from "./features/listens/routes.tsx";
import { loginRoutes } from "./features/login/routes.tsx";
import { metricsRoutes } from "./features/metrics/routes.ts";
import { guardAccess } from "./middleware/access.ts";
import { Sessions } from "./middleware/sessions.ts";
import { nowPlayingRoutes } from "./features/now_playing/routes.tsx";
import { overviewRoutes } from "./features/overview/routes.tsx";
import { personalityRoutes } from "./features/personality/routes.tsx";
import { podcastsRoutes } from "./features/podcasts/routes.tsx";
import { recordsRoutes } from "./features/records/routes.tsx";
import { reviewRoutes } from "./features/review/routes.tsx";
import { rulesApiRoutes, rulesRoutes } from "./features/rules/routes.tsx";
import { settingsApiRoutes, settingsRoutes } from "./features/settings/routes.tsx";
import { setupRoutes } from "./features/setup/routes.tsx";
import { shareRoutes } from "./features/share/routes.tsx";
import { timeRoutes } from "./features/time/routes.tsx";
import { timelineRoutes } from "./features/timeline/routes.tsx";
import { tokenRoutes, tokensApiRoutes } from "./features/tokens/routes.tsx";
import { topRoutes } from "./features/top/routes.tsx";

export type { AppOptions, Importer, ShareLinks, SpotifyConnector } from "./env.ts";

export function createApp(appOptions: AppOptions): Hono<AppEnv> {
  // The given options over the defaults, keeping their getters: settings that change while serving stay live.
  const defaults: Partial<WebOptions> = {
    minPlayMs: 30_000,
    schedules: [],
    enrichment: { spotify: false, musicbrainz: false, maxMinutes: 45 },
    now: () => new Date(),
    sessionGapMinutes: 30,
  };
  const options = Object.defineProperties(
    defaults,
    Object.getOwnPropertyDescriptors(appOptions),
  ) as WebOptions;
  const { logger, dataVersion } = options;
  const app = new Hono<AppEnv>();
  const sessions = options.auth?.sessions ?? new Sessions();

  // The state pages change with every job and every form sent (here or by the CLI over loopback), and otherwise
  // only by timers (the stall watch): cached until one of the first two, and 10 s at most. 8 clients on Jobs
  // then cost one render, not eight. At most 1 MB. The layout's alerts and listeners are kept as long.
  let formsSent = 0;
  const stateVersion = dataVersion &&
    (() =>
      `${dataVersion()}|${options.jobsVersion?.() ?? 0}|${formsSent}|${Math.floor(Date.now() / 10_000)}`);
  const stateCache = stateVersion
    ? new PageCache({ version: stateVersion, maxBytes: 1024 * 1024 })
    : undefined;

  // Every page's request context, in order: see FeatureDeps in env.ts.
  const alerts = spotifyAlerts(options, stateVersion);
  const shown = shownWarehouse(options);
  const cache = options.pageCache ?? (dataVersion ? new PageCache({ version: dataVersion }) : undefined);
  const cached = cache ? [cache.middleware] : [];
  const deps: FeatureDeps = {
    options,
    analysis: [...cached, alerts, shown, listenerView(), chartsLoaded],
    household: [...cached, alerts, shown, chartsLoaded],
    state: [...(stateCache ? [stateCache.middleware] : []), alerts, shown],
    page: [alerts, shown, chartsLoaded],
    sessions,
  };

  app.use(async function countFormsSent(c, next) {
    try {
      await next();
    } finally {
      if (c.req.method !== "GET" && c.req.method !== "HEAD") formsSent++;
    }
  });

  // Pages with a world map or long tables are 100-250 kB of HTML and SVG; gzip makes them a fifth of that.
  app.use(compress());
  // Players' API: a token in every request, never a cookie, so neither the login nor the CSRF check applies.
  app.route("/apis", listenbrainzRoutes(deps));
  // State-changing requests must come from our own pages (Origin checked); GETs never change state.
  app.use(csrf());
  app.use(guardAccess(options, sessions));
  app.use(async function logRequests(c, next) {
    const started = performance.now();
    await next();
    logger?.debug("request", {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  });
  app.onError((error, c) => {
    // Refusals the middleware decided (CSRF, bad input) keep their status; a cross-site form says why.
    if (error instanceof HTTPException && error.status === 403 && error.res) {
      return c.text(
        "Refused: this request came from another site (its Origin is not this server's), so nothing was " +
          "changed. Send the form from this server's own page.",
        403,
      );
    }
    if (error instanceof HTTPException) return error.getResponse();
    logger?.error("request failed", { path: c.req.path, error: error.message });
    return c.text("Something went wrong; the server log says what.", 500);
  });

  app.route("/", healthRoutes(deps));
  app.route("/", metricsRoutes(deps));
  app.route("/api", jobsApiRoutes(deps));
  app.route("/api", settingsApiRoutes(deps));
  app.route("/api", rulesApiRoutes(deps));
  app.route("/api/tokens", tokensApiRoutes(deps));
  app.use(secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      frameAncestors: ["'none'"],
    },
  }));
  app.route("/", staticRoutes());
  app.use(jsxRenderer(({ children, title }, c) => (
    <Layout
      title={title}
      isDemo={c.get("isDemo")}
      path={c.req.path}
      alerts={c.get("alerts") ?? []}
      signedIn={c.get("signedIn") ?? false}
      sharedUntil={c.get("sharedUntil")}
      bare={c.get("bare") ?? false}
      listeners={c.get("listeners") ?? []}
      listener={c.get("listener")}
      here={new URL(c.req.url).pathname + new URL(c.req.url).search}
    >
      {children}
    </Layout>
  )));

  app.route("/", overviewRoutes(deps));
  app.route("/now-playing", nowPlayingRoutes(deps));
  app.route("/top", topRoutes(deps));
  app.route("/charts", chartsRoutes(deps));
  app.route("/records", recordsRoutes(deps));
  app.route("/artists", itemRoutes(deps, "artist"));
  app.route("/tracks", itemRoutes(deps, "track"));
  app.route("/albums", itemRoutes(deps, "album"));
  app.route("/history", historyRoutes(deps));
  app.route("/listens", listensRoutes(deps));
  app.route("/time", timeRoutes(deps));
  app.route("/timeline", timelineRoutes(deps));
  app.route("/genres", genresRoutes(deps));
  app.route("/geography", geographyRoutes(deps));
  app.route("/behaviour", behaviourRoutes(deps));
  app.route("/habits", habitsRoutes(deps));
  app.route("/personality", personalityRoutes(deps));
  app.route("/compare", compareRoutes(deps));
  app.route("/podcasts", podcastsRoutes(deps));
  app.route("/review", reviewRoutes(deps));
  app.route("/library", libraryRoutes(deps));
  app.route("/rules", rulesRoutes(deps));
  app.route("/listener", listenerRoutes(deps));
  app.route("/import", importRoutes(deps));
  app.route("/jobs", jobsRoutes(deps));
  app.route("/settings/tokens", tokenRoutes(deps));
  app.route("/", settingsRoutes(deps));
  app.route("/setup", setupRoutes(deps));
  app.route("/", loginRoutes(deps));
  app.route("/share", shareRoutes(deps));
  return app;
}
