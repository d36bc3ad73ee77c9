/** The web app: routes right after their handlers' data, one layout, static files served by the program. */
import { type Context, Hono } from "hono";
import { jsxRenderer } from "hono/jsx-renderer";
import { secureHeaders } from "hono/secure-headers";
import { csrf } from "hono/csrf";
import { compress } from "hono/compress";
import { HTTPException } from "hono/http-exception";
import htmxScript from "htmx.org/dist/htmx.min.js" with { type: "text" };
import type { Logger } from "../log.ts";
import type { Warehouse } from "../warehouse/duckdb.ts";
import {
  artistAlbums,
  behaviourByYear,
  countryMinutes,
  dayParts,
  enrichedShare,
  genreMinutes,
  hourByWeekday,
  hoursPerYear,
  itemDetail,
  itemMonthly,
  itemTracks,
  overview,
  parentGenresByYear,
  platformMinutes,
  playHistory,
  reasonMinutes,
  recentComparison,
  seasonMinutes,
  showMinutes,
  spokenByYear,
  timeline,
  type TimelineStep,
  topGenresPerYear,
  topItems,
  type TopKind,
  yearsWithPlays,
} from "../warehouse/queries.ts";
import { type ParsedPeriod, parsePeriod, PeriodError } from "./period.ts";
import { TopPage } from "./pages/top.tsx";
import { TimePatternsPage } from "./pages/time_patterns.tsx";
import { HistoryPage } from "./pages/history.tsx";
import { Layout } from "./layout.tsx";
import { type EnrichmentSetup, JobsPage } from "./pages/jobs.tsx";
import { GenresPage } from "./pages/genres.tsx";
import { DetailPage } from "./pages/detail.tsx";
import { BehaviourPage } from "./pages/behaviour.tsx";
import { PodcastsPage } from "./pages/podcasts.tsx";
import { TimelinePage } from "./pages/timeline.tsx";
import { ReviewPage } from "./pages/review.tsx";
import { HabitsPage } from "./pages/habits.tsx";
import { ComparePage } from "./pages/compare.tsx";
import { PersonalityPage } from "./pages/personality.tsx";
import { profiles, yearFeatures } from "../warehouse/personality.ts";
import { compareListeners, listeners } from "../warehouse/compare_queries.ts";
import { ListenerViews } from "./listener_views.ts";
import { discoveryByMonth, sessionStats, streaks } from "../warehouse/habit_queries.ts";
import { type Review, review } from "../warehouse/review_queries.ts";
import type { ShareablePage } from "../warehouse/state/share_links.ts";
import { type EnrichmentCoverage, enrichmentCoverage } from "../warehouse/state/enrichment.ts";
import { jobRuns, lastSuccesses } from "../warehouse/state/job_runs.ts";
import {
  libraryConsentNeeded,
  type SpotifyStatus,
  spotifyStatus,
} from "../warehouse/state/spotify_connections.ts";
import { GeographyPage } from "./pages/geography.tsx";
import { LibraryPage } from "./pages/library.tsx";
import { libraryOwners, libraryReport } from "../warehouse/library_queries.ts";
import { OverviewPage } from "./pages/overview.tsx";
import { SettingsPage, type SettingsProps } from "./pages/settings.tsx";
import { LoginPage } from "./pages/login.tsx";
import { ImportPage, type ImportState, ImportStatus } from "./pages/import.tsx";
import { UploadError } from "./upload.ts";
import { pageCache } from "./cache.ts";
import { isLoopbackHost, Sessions, verifyPassword } from "./auth.ts";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import styles from "./static/style.css" with { type: "text" };
import icon from "./static/icon.svg" with { type: "text" };

export interface AppOptions {
  /** The warehouse to read for this request, and whether it is the demo one. */
  warehouse: () => Promise<{ warehouse: Warehouse; isDemo: boolean }>;
  /** Time zone for dates shown on pages (the marts' local dates use the same). */
  timezone: string;
  /** A play counts from this many ms (MIN_PLAY_MS), said on the pages. Default 30000. */
  minPlayMs?: number;
  /** The schedules `serve` registered, for the jobs page. */
  schedules?: { job: string; schedule: string }[];
  /** Which enrichment services are configured, for the jobs page. Default: neither. */
  enrichment?: EnrichmentSetup;
  /** Writes a backup of the current warehouse and returns its path (`POST /api/backup`). */
  backup?: () => Promise<string>;
  /** Request and error logs. */
  logger?: Logger;
  /** Connecting Spotify (absent when no Spotify app is configured). */
  spotify?: SpotifyConnector;
  /** When set, every page needs a login with the admin password (scrypt hash). */
  auth?: { passwordHash: string; sessions?: Sessions };
  /** Read-only share links (warehouse/state/share_links.ts, bound to the warehouse shown). */
  shares?: ShareLinks;
  /** Imports from the browser: the same import as the CLI's, run by the server. */
  importer?: Importer;
  /** Changes when the marts may have changed; with it, the analysis pages are cached per version. */
  dataVersion?: () => string;
  /** The clock, for "this week" on the overview (tests set it). Default: the real one. */
  now?: () => Date;
  /** Silence that ends a listening session, in minutes (SESSION_GAP_MINUTES). Default 30. */
  sessionGapMinutes?: number;
  /** Starts an enrichment run now (the Jobs page's button); false when one is already going. */
  startEnrichment?: () => boolean;
}

export interface Importer {
  maxUploadBytes: number;
  /** Streams the upload to disk (web/upload.ts), dry-runs it and returns its state with the preview. */
  preview(request: Request): Promise<ImportState>;
  /** Starts the real import of a previewed upload in the background. */
  start(id: string): Promise<void>;
  status(id: string): ImportState | undefined;
}

export interface ShareLinks {
  create(page: ShareablePage, days: number): Promise<{ token: string; expiresAt: Date }>;
  list(): Promise<{ id: string; page: string; token: string; expiresAt: Date }[]>;
  revoke(id: string): Promise<void>;
  /** The page a token may show, or undefined. */
  verify(token: string): Promise<ShareablePage | undefined>;
}

const SESSION_COOKIE = "mt_session";

export interface SpotifyConnector {
  /** Starts a consent for `user` and returns the URL to open. */
  start(user: string): Promise<string>;
  /** Finishes one from the URL Spotify redirected to (pasted, or the callback's own); returns the user. */
  complete(redirectedUrl: string): Promise<string>;
}

type Env = {
  Variables: {
    isDemo: boolean;
    /** Everyone with plays, for the listener switch; and the listener shown (a cookie), if one is chosen. */
    listeners?: string[];
    listener?: string;
    alerts: string[];
    signedIn: boolean;
    sharedUntil?: Date;
    /** Read once per request by the alerts middleware; the Jobs page shows it too. */
    spotifyStatus?: SpotifyStatus;
  };
};

declare module "hono" {
  interface ContextRenderer {
    (content: string | Promise<string>, props: { title: string }): Response | Promise<Response>;
  }
}

export function createApp(
  {
    warehouse,
    timezone,
    minPlayMs = 30_000,
    schedules = [],
    enrichment = { spotify: false, musicbrainz: false, maxMinutes: 45 },
    backup,
    logger,
    spotify,
    auth,
    shares,
    importer,
    dataVersion,
    now = () => new Date(),
    sessionGapMinutes = 30,
    startEnrichment,
  }: AppOptions,
): Hono<Env> {
  const app = new Hono<Env>();
  const sessions = auth?.sessions ?? new Sessions();

  // Pages with a world map or long tables are 100-250 kB of HTML and SVG; gzip makes them a fifth of that.
  app.use(compress());

  // State-changing requests must come from our own pages (Origin checked); GETs never change state.
  app.use(csrf());

  // With a password, everything but the login form, static files and liveness needs a session; the CLI on
  // this machine may still call the API (it cannot log in).
  app.use(async function requireLogin(c, next) {
    if (!auth) return await next();
    const path = c.req.path;
    // Share links carry their own signed permission.
    const open = path === "/login" || path === "/healthz" || path.startsWith("/static/") ||
      path === "/favicon.ico" || path.startsWith("/share/");
    const localApi = path.startsWith("/api/") && isLoopbackHost(remoteAddress(c) ?? "");
    if (sessions.isValid(getCookie(c, SESSION_COOKIE))) {
      c.set("signedIn", true);
      return await next();
    }
    if (open || localApi) return await next();
    if (c.req.method === "GET" && !path.startsWith("/api/")) {
      return c.redirect(`/login?next=${encodeURIComponent(path + (new URL(c.req.url).search))}`, 303);
    }
    return c.json({ error: "log in first" }, 401);
  });

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
    // Refusals the middleware decided (CSRF, bad input) keep their status.
    if (error instanceof HTTPException) return error.getResponse();
    logger?.error("request failed", { path: c.req.path, error: error.message });
    return c.text("Something went wrong; the server log says what.", 500);
  });

  // Liveness: the process answers.
  app.get("/healthz", (c) => c.json({ status: "ok" }));

  // Readiness: the warehouse answers queries; what the jobs last did.
  app.get("/readyz", async (c) => {
    try {
      const current = await warehouse();
      const plays = await current.warehouse.value<number>("select count(*) from fct_play");
      const successes = await lastSuccesses(current.warehouse);
      return c.json({
        status: "ready",
        warehouse: { ok: true, demo: current.isDemo, plays },
        lastEtl: successes.get("etl")?.toISOString() ?? null,
        lastIngest: successes.get("ingest")?.toISOString() ?? null,
        spotify: "not connected",
      });
    } catch (error) {
      return c.json({ status: "not ready", warehouse: { ok: false, error: (error as Error).message } }, 503);
    }
  });

  app.get("/api/jobs", async (c) => {
    const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 50) || 50, 1), 1000);
    const current = await warehouse();
    return c.json(await jobRuns(current.warehouse, { limit }));
  });

  app.get("/api/enrichment", async (c) => {
    const current = await warehouse();
    return c.json(await enrichmentCoverage(current.warehouse));
  });

  // For `backup` while the server holds the warehouse. Loopback only: the CLI on this machine asks.
  app.post("/api/backup", async (c) => {
    const remote = remoteAddress(c);
    if (!backup || !remote || !isLoopbackHost(remote)) {
      return c.json({ error: "backups are asked for from this machine" }, 403);
    }
    return c.json({ file: await backup() });
  });

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

  app.get("/static/htmx.min.js", (c) => staticFile(c.req.raw, htmxScript, "text/javascript; charset=utf-8"));
  app.get("/static/style.css", (c) => staticFile(c.req.raw, styles, "text/css; charset=utf-8"));
  app.get("/static/icon.svg", (c) => staticFile(c.req.raw, icon, "image/svg+xml"));
  app.get("/favicon.ico", (c) => staticFile(c.req.raw, icon, "image/svg+xml"));

  app.use(
    "*",
    jsxRenderer(({ children, title }, c) => (
      <Layout
        title={title}
        isDemo={c.get("isDemo")}
        path={c.req.path}
        alerts={c.get("alerts") ?? []}
        signedIn={c.get("signedIn") ?? false}
        sharedUntil={c.get("sharedUntil")}
        listeners={c.get("listeners") ?? []}
        listener={c.get("listener")}
        here={new URL(c.req.url).pathname + new URL(c.req.url).search}
      >
        {children}
      </Layout>
    )),
  );

  // Analysis pages render the same until a job changes the data: serve them from memory meanwhile. (After the
  // login check, so a cached page is never shown to someone who may not see it.)
  if (dataVersion) {
    app.use(
      pageCache({
        version: dataVersion,
        paths: [
          "/",
          "/top",
          "/time",
          "/timeline",
          "/genres",
          "/geography",
          "/behaviour",
          "/podcasts",
          "/history",
          "/review",
          "/habits",
          "/compare",
          "/personality",
          "/library",
          "/artists",
          "/tracks",
          "/albums",
        ],
      }),
    );
  }

  // Every page says when a Spotify connection needs the user (a refused token).
  app.use("*", async function spotifyAlerts(c, next) {
    if (c.req.method === "GET" && !c.req.path.startsWith("/static/") && !c.req.path.startsWith("/api/")) {
      try {
        const current = await warehouse();
        const status = await spotifyStatus(current.warehouse);
        const { connections } = status;
        c.set("spotifyStatus", status);
        c.set("listeners", await listenerNames(current.warehouse));
        c.set(
          "alerts",
          connections.filter((connection) => connection.status === "needs_reconnect").map((connection) =>
            `Spotify stopped accepting the connection of “${connection.userName}”: connect it again in Settings.`
          ),
        );
      } catch { /* health and static routes need no alerts */ }
    }
    await next();
  });

  // A household's listener chosen in the header (a cookie) narrows every analysis page to their plays.
  const listenerViews = new ListenerViews();
  const shown = async (c: import("hono").Context<Env>) => {
    const current = await warehouse();
    const listener = c.get("sharedUntil") ? undefined : getCookie(c, LISTENER_COOKIE);
    const view = listener ? await listenerViews.get(current.warehouse, listener) : undefined;
    if (!view) return current;
    c.set("listener", listener);
    return { warehouse: view, isDemo: current.isDemo };
  };

  app.post("/listener", async (c) => {
    const form = await c.req.parseBody();
    const listener = String(form.listener ?? "");
    const names = await listenerNames((await warehouse()).warehouse);
    if (listener === "") deleteCookie(c, LISTENER_COOKIE, { path: "/" });
    else if (names.includes(listener)) {
      setCookie(c, LISTENER_COOKIE, listener, {
        path: "/",
        httpOnly: true,
        sameSite: "Strict",
        maxAge: 365 * 24 * 3600,
      });
    } else return c.text(`No listener is called “${listener}”.`, 400);
    // Back to the page the switch was on (pages send no Referer: Referrer-Policy is no-referrer).
    return c.redirect(safeNext(typeof form.next === "string" ? form.next : undefined), 303);
  });

  const overviewPage = async (c: import("hono").Context<Env>) => {
    const current = await shown(c);
    c.set("isDemo", current.isDemo);
    const today = localDate(now(), timezone);
    const [totals, { rows: artists }, { rows: tracks }, years, recent, { rows: latest }] = await Promise.all([
      overview(current.warehouse),
      // The Top page's ranking for all time: artists by minutes, tracks by counted plays.
      topItems(current.warehouse, "artists", {
        period: parsePeriod("all"),
        by: "minutes",
        limit: 10,
        offset: 0,
      }),
      topItems(current.warehouse, "tracks", {
        period: parsePeriod("all"),
        by: "plays",
        limit: 10,
        offset: 0,
      }),
      hoursPerYear(current.warehouse),
      recentComparison(current.warehouse, today),
      playHistory(current.warehouse, { period: parsePeriod("all"), search: "", limit: 10, offset: 0 }),
    ]);
    return c.render(
      <OverviewPage {...{ totals, artists, tracks, years, recent, latest, today, timezone, minPlayMs }} />,
      { title: "Overview" },
    );
  };

  app.get("/", (c) => overviewPage(c));

  // A shared page: the page alone (no navigation, no alerts), for as long as the link is valid.
  app.get("/share/:token", async (c) => {
    const page = shares ? await shares.verify(c.req.param("token")) : undefined;
    if (!page) return c.text("This share link is not valid (anymore).", 404);
    const link = (await shares!.list()).find((item) => item.token === c.req.param("token"));
    c.set("sharedUntil", link?.expiresAt);
    c.set("alerts", []);
    c.header("Cache-Control", "no-store");
    c.header("X-Robots-Tag", "noindex");
    if (page.startsWith("review:")) {
      return await reviewPage(c, page.slice("review:".length), { shared: true });
    }
    return await overviewPage(c);
  });

  const reviewPage = async (
    c: import("hono").Context<Env>,
    value: string | undefined,
    { shared = false }: { shared?: boolean } = {},
  ) => {
    const current = await shown(c);
    c.set("isDemo", current.isDemo);
    const years = await yearsWithPlays(current.warehouse);
    // Without a choice: the latest year with plays.
    let period;
    try {
      period = parsePeriod(value ?? String(years[0] ?? "all"));
    } catch (error) {
      if (!(error instanceof PeriodError)) throw error;
      c.status(400);
      const empty = emptyReview(parsePeriod("all"));
      return c.render(
        <ReviewPage
          {...empty}
          period={{ ...empty.period, value: value ?? "" }}
          {...{ years, timezone, shared, sessionGapMinutes }}
          error={error.message}
        />,
        { title: "Review" },
      );
    }
    const top = (kind: TopKind) =>
      topItems(current.warehouse, kind, { period, by: "minutes", limit: 5, offset: 0 }).then((r) => r.rows);
    const [data, artists, tracks, albums, genres, countries] = await Promise.all([
      review(current.warehouse, period, { sessionGapMinutes }),
      top("artists"),
      top("tracks"),
      top("albums"),
      genreMinutes(current.warehouse, period, { level: "genre", limit: 5 }),
      countryMinutes(current.warehouse, period),
    ]);
    return c.render(
      <ReviewPage
        {...{
          period,
          artists,
          tracks,
          albums,
          genres,
          countries,
          years,
          timezone,
          shared,
          sessionGapMinutes,
        }}
        review={data}
      />,
      { title: `${period.label} in review` },
    );
  };

  app.get("/review", (c) => reviewPage(c, c.req.query("period")));

  app.post("/review/share", async (c) => {
    if (!shares) return c.text("Sharing is not available", 404);
    const form = await c.req.parseBody();
    const days = Number(form.days ?? 30);
    let period;
    try {
      period = parsePeriod(String(form.period ?? ""));
    } catch (error) {
      if (!(error instanceof PeriodError)) throw error;
      return c.text(error.message, 400);
    }
    if (!Number.isInteger(days) || days < 1 || days > 365) return c.text("A link lasts 1 to 365 days.", 400);
    await shares.create(`review:${period.value}`, days);
    return c.redirect("/settings#share-heading", 303);
  });

  const renderSettings = async (
    c: import("hono").Context<Env>,
    props: Partial<SettingsProps> = {},
    status = 200,
  ) => {
    const current = await warehouse();
    c.set("isDemo", current.isDemo);
    c.status(status as 200);
    const links = shares ? await shares.list() : undefined;
    return c.render(
      <SettingsPage
        configured={Boolean(spotify)}
        status={await spotifyStatus(current.warehouse)}
        shareLinks={links}
        origin={new URL(c.req.url).origin}
        {...props}
      />,
      { title: "Settings" },
    );
  };

  app.get("/settings", (c) => {
    const connected = c.req.query("connected");
    return renderSettings(c, connected ? { message: { kind: "ok", text: `Connected “${connected}”.` } } : {});
  });

  app.post("/settings/connect", async (c) => {
    if (!spotify) {
      return renderSettings(c, { message: { kind: "error", text: "No Spotify app is configured." } }, 400);
    }
    const user = String((await c.req.parseBody()).user ?? "").trim();
    if (!/^[\p{L}\p{N}_.@-]{1,64}$/u.test(user)) {
      return renderSettings(c, {
        message: { kind: "error", text: "A user name is 1-64 letters, digits, _ . @ or -." },
      }, 400);
    }
    return renderSettings(c, { consent: { url: await spotify.start(user), user } });
  });

  const finishConnect = async (c: import("hono").Context<Env>, redirectedUrl: string) => {
    if (!spotify) {
      return renderSettings(c, { message: { kind: "error", text: "No Spotify app is configured." } }, 400);
    }
    try {
      const user = await spotify.complete(redirectedUrl);
      return c.redirect(`/settings?connected=${encodeURIComponent(user)}`, 303);
    } catch (error) {
      return renderSettings(c, { message: { kind: "error", text: (error as Error).message } }, 400);
    }
  };

  app.post("/settings/paste", async (c) => finishConnect(c, String((await c.req.parseBody()).url ?? "")));

  app.post("/settings/share", async (c) => {
    if (!shares) return c.text("Sharing is not available", 404);
    const days = Number((await c.req.parseBody()).days ?? 7);
    if (!Number.isInteger(days) || days < 1 || days > 365) {
      return renderSettings(c, { message: { kind: "error", text: "A link lasts 1 to 365 days." } }, 400);
    }
    await shares.create("overview", days);
    return c.redirect("/settings", 303);
  });

  app.post("/settings/share/:id/revoke", async (c) => {
    await shares?.revoke(c.req.param("id"));
    return c.redirect("/settings", 303);
  });

  // Spotify's redirect, when the browser runs on this machine (the redirect URI is a loopback address).
  app.get("/callback", (c) => finishConnect(c, c.req.url));

  app.get("/login", (c) => {
    c.set("isDemo", false);
    return c.render(<LoginPage next={safeNext(c.req.query("next"))} />, { title: "Log in" });
  });

  app.post("/login", async (c) => {
    if (!auth) return c.redirect("/", 303);
    const body = await c.req.parseBody();
    const next = safeNext(String(body.next ?? "/"));
    const address = remoteAddress(c) ?? "unknown";
    c.set("isDemo", false);
    if (!sessions.mayTry(address)) {
      c.status(429);
      return c.render(<LoginPage next={next} error="Too many failed attempts: wait 15 minutes." />, {
        title: "Log in",
      });
    }
    if (!verifyPassword(String(body.password ?? ""), auth.passwordHash)) {
      sessions.recordFailure(address);
      logger?.warn("failed login", { address });
      c.status(401);
      return c.render(<LoginPage next={next} error="That is not the admin password." />, { title: "Log in" });
    }
    const secure = new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https";
    setCookie(c, SESSION_COOKIE, sessions.create(), {
      httpOnly: true,
      sameSite: "Strict",
      secure,
      path: "/",
      maxAge: Sessions.maxAgeSeconds,
    });
    return c.redirect(next, 303);
  });

  app.post("/logout", (c) => {
    sessions.end(getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.redirect("/login", 303);
  });

  app.get("/top/:kind", async (c) => {
    const kind = c.req.param("kind") as TopKind;
    if (!["artists", "tracks", "albums"].includes(kind)) return c.notFound();
    const current = await shown(c);
    c.set("isDemo", current.isDemo);
    c.header("Vary", "HX-Request");
    const by = c.req.query("by") === "minutes" ? "minutes" : "plays";
    const page = Math.max(1, Math.floor(Number(c.req.query("page") ?? 1)) || 1);
    const pageSize = 25;
    const years = await yearsWithPlays(current.warehouse);
    const { period, error } = readPeriod(c);
    if (error) {
      return c.render(
        <TopPage {...{ kind, by, page, pageSize, years, period, error }} rows={[]} total={0} />,
        {
          title: "Top",
        },
      );
    }
    const { rows, total } = await topItems(current.warehouse, kind, {
      period,
      by,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return c.render(<TopPage {...{ kind, period, by, page, pageSize, rows, total, years }} />, {
      title: `Top ${kind}`,
    });
  });

  app.get("/top", (c) => c.redirect("/top/artists", 302));

  app.get("/history", async (c) => {
    const current = await shown(c);
    c.set("isDemo", current.isDemo);
    c.header("Vary", "HX-Request");
    const search = (c.req.query("q") ?? "").trim().slice(0, 200);
    const page = Math.max(1, Math.floor(Number(c.req.query("page") ?? 1)) || 1);
    const pageSize = 50;
    const { period, error } = readPeriod(c);
    if (error) {
      return c.render(
        <HistoryPage {...{ period, search, page, pageSize, timezone, error }} rows={[]} total={0} />,
        {
          title: "History",
        },
      );
    }
    const { rows, total } = await playHistory(current.warehouse, {
      period,
      search,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return c.render(<HistoryPage {...{ period, search, page, pageSize, rows, total, timezone }} />, {
      title: "History",
    });
  });

  // Artist, track and album pages. Keys are the marts' surrogate keys (stable across rebuilds).
  for (const kind of ["artist", "track", "album"] as const) {
    app.get(`/${kind}s/:key`, async (c) => {
      const current = await shown(c);
      c.set("isDemo", current.isDemo);
      const param = c.req.param("key");
      // Keys are 60-bit: read as bigint, since a JS number would round them.
      const key = parseKey(param);
      const item = key === undefined ? undefined : await itemDetail(current.warehouse, kind, key);
      if (!item) {
        c.status(404);
        return c.render(
          <>
            <h1>Not found</h1>
            <p>
              No {kind} has the key “{param}” in this warehouse.{" "}
              <a href={`/top/${kind}s`}>See the top {kind}s</a>.
            </p>
          </>,
          { title: "Not found" },
        );
      }
      const [months, tracks, albums] = await Promise.all([
        itemMonthly(current.warehouse, kind, BigInt(item.key)),
        kind === "track" ? [] : itemTracks(current.warehouse, kind, BigInt(item.key)),
        kind === "artist" ? artistAlbums(current.warehouse, BigInt(item.key)) : [],
      ]);
      return c.render(<DetailPage {...{ item, months, tracks, albums, timezone }} />, { title: item.name });
    });
  }

  app.get("/timeline", async (c) => {
    const current = await shown(c);
    c.set("isDemo", current.isDemo);
    const { period, error } = readPeriod(c);
    const years = await yearsWithPlays(current.warehouse);
    // Without a choice: months for all time, weeks for a year, days for anything shorter.
    const asked = c.req.query("step");
    const step: TimelineStep = asked === "day" || asked === "week" || asked === "month"
      ? asked
      : period.value === "all"
      ? "month"
      : /^\d{4}$/.test(period.value)
      ? "week"
      : "day";
    const buckets = error ? [] : await timeline(current.warehouse, period, step);
    return c.render(<TimelinePage {...{ period, step, buckets, years, error }} />, { title: "Timeline" });
  });

  app.get("/personality", async (c) => {
    const current = await shown(c);
    c.set("isDemo", current.isDemo);
    const years = await yearFeatures(current.warehouse);
    return c.render(<PersonalityPage years={years} profiles={profiles(years)} />, { title: "Personality" });
  });

  app.get("/compare", async (c) => {
    const current = await warehouse();
    c.set("isDemo", current.isDemo);
    const { period, error } = readPeriod(c);
    const everyone = await listeners(current.warehouse);
    const names = everyone.map((listener) => listener.userName);
    // Without a choice: the two who listened most.
    const a = c.req.query("a") ?? names[0];
    const b = c.req.query("b") ?? names[1];
    if (error || names.length < 2 || !a || !b) {
      return c.render(<ComparePage {...{ period, a, b, error }} listeners={everyone} />, {
        title: "Compare",
      });
    }
    if (!names.includes(a) || !names.includes(b) || a === b) {
      c.status(400);
      const problem = a === b
        ? "Choose two different listeners."
        : `No listener is called “${names.includes(a) ? b : a}”.`;
      return c.render(<ComparePage {...{ period, a, b }} listeners={everyone} error={problem} />, {
        title: "Compare",
      });
    }
    const comparison = await compareListeners(current.warehouse, period, { a, b });
    return c.render(<ComparePage {...{ period, a, b, comparison }} listeners={everyone} />, {
      title: "Compare",
    });
  });

  app.get("/library", async (c) => {
    // The listener switch picks whose library by default; the page's own choice wins.
    const current = await shown(c);
    c.set("isDemo", current.isDemo);
    const owners = await libraryOwners(current.warehouse);
    const needConsent = libraryConsentNeeded(
      c.get("spotifyStatus") ?? await spotifyStatus(current.warehouse),
    );
    const names = owners.map((owner) => owner.userName);
    const asked = c.req.query("user");
    const listener = c.get("listener");
    const user = asked ?? (listener && names.includes(listener) ? listener : names[0]);
    const props = { owners, user, timezone, needConsent, spotifyConfigured: Boolean(spotify) };
    if (asked !== undefined && !names.includes(asked)) {
      c.status(404);
      return c.render(<LibraryPage {...props} error={`No library snapshot of “${asked}”.`} />, {
        title: "Library",
      });
    }
    const report = user ? await libraryReport(current.warehouse, user) : undefined;
    return c.render(<LibraryPage {...props} report={report} />, { title: "Library" });
  });

  app.get("/habits", async (c) => {
    const current = await shown(c);
    c.set("isDemo", current.isDemo);
    const { period, error } = readPeriod(c);
    if (error) {
      const sessions = { sessions: 0, medianMinutes: 0, longestMinutes: 0, averagePlays: 0, buckets: [] };
      const streakRuns = { longest: null, latest: null, activeDays: 0, spanDays: 0 };
      return c.render(
        <HabitsPage
          {...{ period, sessions, sessionGapMinutes, error }}
          streaks={streakRuns}
          discovery={[]}
        />,
        { title: "Habits" },
      );
    }
    const [sessions, streakRuns, discovery] = await Promise.all([
      sessionStats(current.warehouse, period, sessionGapMinutes),
      streaks(current.warehouse, period),
      discoveryByMonth(current.warehouse, period),
    ]);
    return c.render(
      <HabitsPage {...{ period, sessions, discovery, sessionGapMinutes }} streaks={streakRuns} />,
      { title: "Habits" },
    );
  });

  app.get("/behaviour", async (c) => {
    const current = await shown(c);
    c.set("isDemo", current.isDemo);
    const { period, error } = readPeriod(c);
    if (error) {
      const empty = { years: [], platforms: [], starts: [], ends: [] };
      return c.render(<BehaviourPage {...{ period, error, ...empty }} />, { title: "Behaviour" });
    }
    const [years, platforms, starts, ends] = await Promise.all([
      behaviourByYear(current.warehouse, period),
      platformMinutes(current.warehouse, period),
      reasonMinutes(current.warehouse, period, "start"),
      reasonMinutes(current.warehouse, period, "end"),
    ]);
    return c.render(<BehaviourPage {...{ period, years, platforms, starts, ends }} />, {
      title: "Behaviour",
    });
  });

  app.get("/podcasts", async (c) => {
    const current = await shown(c);
    c.set("isDemo", current.isDemo);
    const { period, error } = readPeriod(c);
    if (error) {
      const empty = { shows: [], books: [], years: [] };
      return c.render(<PodcastsPage {...{ period, timezone, error, ...empty }} />, { title: "Podcasts" });
    }
    const [shows, books, years] = await Promise.all([
      showMinutes(current.warehouse, period, "episode"),
      showMinutes(current.warehouse, period, "audiobook"),
      spokenByYear(current.warehouse, period),
    ]);
    return c.render(<PodcastsPage {...{ period, timezone, shows, books, years }} />, { title: "Podcasts" });
  });

  app.get("/genres", async (c) => {
    const current = await shown(c);
    c.set("isDemo", current.isDemo);
    const { period, error } = readPeriod(c);
    const coverage = { musicMinutes: 0, withGenreMinutes: 0, withOriginMinutes: 0 };
    if (error) {
      const empty = { parents: [], genres: [], byYear: [], topPerYear: [] };
      return c.render(<GenresPage {...{ period, coverage, error, ...empty }} />, { title: "Genres" });
    }
    const [share, parents, genres, byYear, topPerYear] = await Promise.all([
      enrichedShare(current.warehouse, period),
      genreMinutes(current.warehouse, period, { level: "parent" }),
      genreMinutes(current.warehouse, period, { level: "genre", limit: 25 }),
      parentGenresByYear(current.warehouse, period),
      topGenresPerYear(current.warehouse, period),
    ]);
    return c.render(
      <GenresPage
        period={period}
        coverage={share}
        parents={parents}
        genres={genres}
        byYear={byYear}
        topPerYear={topPerYear}
      />,
      { title: "Genres" },
    );
  });

  app.get("/geography", async (c) => {
    const current = await shown(c);
    c.set("isDemo", current.isDemo);
    const { period, error } = readPeriod(c);
    if (error) {
      const coverage = { musicMinutes: 0, withGenreMinutes: 0, withOriginMinutes: 0 };
      return c.render(<GeographyPage {...{ period, coverage, error }} countries={[]} />, {
        title: "Geography",
      });
    }
    const [coverage, countries] = await Promise.all([
      enrichedShare(current.warehouse, period),
      countryMinutes(current.warehouse, period),
    ]);
    return c.render(<GeographyPage period={period} coverage={coverage} countries={countries} />, {
      title: "Geography",
    });
  });

  app.get("/time", async (c) => {
    const current = await shown(c);
    c.set("isDemo", current.isDemo);
    const { period, error } = readPeriod(c);
    if (error) {
      return c.render(
        <TimePatternsPage {...{ period, timezone, error }} cells={[]} parts={[]} seasons={[]} />,
        { title: "Time patterns" },
      );
    }
    const [cells, parts, seasons] = await Promise.all([
      hourByWeekday(current.warehouse, period),
      dayParts(current.warehouse, period),
      seasonMinutes(current.warehouse, period),
    ]);
    return c.render(<TimePatternsPage {...{ period, timezone, cells, parts, seasons }} />, {
      title: "Time patterns",
    });
  });

  app.get("/import", async (c) => {
    c.set("isDemo", (await warehouse()).isDemo);
    if (!importer) return c.text("Imports from the browser are not available", 404);
    return c.render(<ImportPage maxUploadMb={Math.round(importer.maxUploadBytes / 1024 / 1024)} />, {
      title: "Import",
    });
  });

  app.post("/import", async (c) => {
    if (!importer) return c.text("Imports from the browser are not available", 404);
    c.set("isDemo", (await warehouse()).isDemo);
    try {
      const state = await importer.preview(c.req.raw);
      return c.redirect(`/import/${state.id}`, 303);
    } catch (error) {
      const status = error instanceof UploadError ? error.status : 400;
      c.status(status);
      return c.render(
        <ImportPage
          maxUploadMb={Math.round(importer.maxUploadBytes / 1024 / 1024)}
          error={(error as Error).message}
        />,
        { title: "Import" },
      );
    }
  });

  // One URL for the whole page and for the status fragment htmx polls (it selects #import-status).
  app.get("/import/:id", async (c) => {
    const state = importer?.status(c.req.param("id"));
    if (!state) return c.text("No such import", 404);
    c.set("isDemo", (await warehouse()).isDemo);
    c.header("Cache-Control", "no-store");
    return c.render(
      <>
        <h1>Import</h1>
        <ImportStatus state={state} />
      </>,
      { title: "Import" },
    );
  });

  app.post("/import/:id/run", async (c) => {
    const id = c.req.param("id");
    if (!importer?.status(id)) return c.text("No such import", 404);
    await importer.start(id);
    return c.redirect(`/import/${id}`, 303);
  });

  // Coverage scans every play: computed once per data version (a finished job or an enrichment batch).
  let coverageCache: { version: string; coverage: EnrichmentCoverage } | undefined;
  async function coverageOf(current: Warehouse): Promise<EnrichmentCoverage> {
    const version = dataVersion?.();
    if (version !== undefined && coverageCache?.version === version) return coverageCache.coverage;
    const coverage = await enrichmentCoverage(current);
    if (version !== undefined) coverageCache = { version, coverage };
    return coverage;
  }

  app.post("/jobs/enrich", (c) => {
    if (!startEnrichment) return c.text("Enrichment cannot be started here", 404);
    const started = startEnrichment();
    return c.redirect(`/jobs?enrich=${started ? "started" : "running"}`, 303);
  });

  app.get("/jobs", async (c) => {
    const current = await warehouse();
    c.set("isDemo", current.isDemo);
    const runs = await jobRuns(current.warehouse, { limit: 50 });
    const coverage = await coverageOf(current.warehouse);
    const spotifyState = c.get("spotifyStatus") ?? await spotifyStatus(current.warehouse);
    return c.render(
      <JobsPage
        spotify={spotifyState}
        runs={runs}
        schedules={schedules}
        isDemo={current.isDemo}
        coverage={coverage}
        enrichment={enrichment}
        canEnrich={Boolean(startEnrichment) && !current.isDemo}
        enrichNotice={c.req.query("enrich")}
      />,
      {
        title: "Jobs",
      },
    );
  });

  return app;
}

/**
 * The `period` query value the analysis pages share. A bad one sets status 400 and returns the message, with
 * "all time" to fall back on and the typed value kept in the form.
 */
function readPeriod(c: Context): { period: ParsedPeriod; error?: string } {
  try {
    return { period: parsePeriod(c.req.query("period")) };
  } catch (error) {
    if (!(error instanceof PeriodError)) throw error;
    c.status(400);
    return { period: { ...parsePeriod("all"), value: c.req.query("period") ?? "" }, error: error.message };
  }
}

/** The cookie naming the listener shown. */
const LISTENER_COOKIE = "listener";

/** Everyone with plays, by name. */
async function listenerNames(warehouse: Warehouse): Promise<string[]> {
  return (await warehouse.rows<{ user_name: string }>("select user_name from dim_user order by user_name"))
    .map((row) => row.user_name);
}

/** The local date (yyyy-mm-dd) of `instant` in `timezone`. */
function localDate(instant: Date, timezone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: timezone }).format(instant);
}

/** A surrogate key from a URL: a whole number that fits DuckDB's bigint, else undefined. */
function parseKey(text: string): bigint | undefined {
  if (!/^\d{1,19}$/.test(text)) return undefined;
  const key = BigInt(text);
  return key <= 9_223_372_036_854_775_807n ? key : undefined;
}

function remoteAddress(c: { env: unknown }): string | undefined {
  const host = (c.env as { remoteAddr?: Deno.NetAddr } | undefined)?.remoteAddr?.hostname;
  return host?.replace(/^::ffff:/, "");
}

/** Only paths on this site: no scheme, no `//host`. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

/** Serves an embedded file with a strong ETag, so browsers revalidate instead of downloading again. */
async function staticFile(request: Request, body: string, contentType: string): Promise<Response> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body));
  const etag = `"${
    [...new Uint8Array(digest).slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("")
  }"`;
  const headers = { "content-type": contentType, etag, "cache-control": "public, max-age=3600" };
  // compress() weakens the ETag it sends (W/"…"), so a browser may send either form back.
  const known = request.headers.get("if-none-match")?.replace(/^W\//, "");
  if (known === etag) return new Response(null, { status: 304, headers });
  return new Response(body, { headers });
}

/** A review with nothing in it, for a page that can only show an error. */
function emptyReview(period: ParsedPeriod) {
  const nothing: Review = {
    totals: { musicMinutes: 0, countedPlays: 0, artists: 0, tracks: 0, days: 0 },
    newArtists: 0,
    topNewArtists: [],
    busiestDay: null,
    mostReplayed: null,
    longestSession: null,
    clock: [],
    onRepeat: [],
    forgotten: [],
  };
  return { period, review: nothing, artists: [], tracks: [], albums: [], genres: [], countries: [] };
}
