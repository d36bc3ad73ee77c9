/**
 * What the web layer is given and what every request carries. `AppOptions` is the composition's side of the
 * contract (`serve.ts` and tests build it); `AppEnv` types the context variables the middleware sets once per
 * request, so handlers read `c.var.warehouse`, `c.var.period` … instead of working them out again.
 */
import type { Hono, MiddlewareHandler } from "hono";
import type { SettingView } from "../config.ts";
import type { Logger } from "../log.ts";
import type { NowPlayingBoard } from "../lib/now_playing.ts";
import type { ListenToken, TokenOwner } from "../warehouse/state/listen_tokens.ts";
import type { Warehouse } from "../warehouse/duckdb.ts";
import type { ChangedRule, RuleChange } from "../warehouse/rules_change.ts";
import type { Rule } from "../warehouse/state/rules.ts";
import type { ShareablePage } from "../warehouse/state/share_links.ts";
import type { SpotifyStatus } from "../warehouse/state/spotify_connections.ts";
import type { Sessions } from "./middleware/sessions.ts";
import type { Importer } from "./features/import/uploads.ts";
import type { SetupLink } from "./features/setup/setup_link.ts";
import type { ParsedPeriod } from "./period.ts";
import type { PageCache } from "./middleware/page_cache.ts";

export type { Importer };

/**
 * What the web layer is given. The composition (serve.ts) gives the settings that can change while it runs
 * (timezone, minPlayMs, schedules, enrichment, spotify, auth …) as getters: features read them per request.
 */
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
  /** Changes whenever a job starts or ends (the Jobs and Settings pages show runs and connections). */
  jobsVersion?: () => number;
  /** The analysis pages' cache (serve.ts makes it, to warm it after a job); default: one on `dataVersion`. */
  pageCache?: PageCache;
  /** The clock, for "this week" on the overview (tests set it). Default: the real one. */
  now?: () => Date;
  /** Silence that ends a listening session, in minutes (SESSION_GAP_MINUTES). Default 30. */
  sessionGapMinutes?: number;
  /** Starts an enrichment run now (the Jobs page's button); false when one is already going. */
  startEnrichment?: () => boolean;
  /** Listens from players (the ListenBrainz-compatible API) and typed in by hand, and their tokens. */
  listens?: ListenIntake;
  /** What each listener plays right now (playing_now, Spotify's currently-playing). */
  nowPlaying?: NowPlayingBoard;
  /** When REALTIME_POLL_SECONDS is set: how often currently-playing is asked, for how many accounts (Settings). */
  realtime?: () => Promise<{ pollSeconds: number; accounts: number }>;
  /**
   * Served beyond 127.0.0.1 (a NAS, Docker): without an admin password only the setup's password step is
   * served, to the browser holding `setupLink`. Default false.
   */
  exposed?: boolean;
  /** The one-time setup link `serve` printed (while exposed without a password). */
  setupLink?: SetupLink;
  /** Reading and changing settings (the Settings page, the first-run setup, `settings` asking the server). */
  settings?: SettingsAccess;
  /** Reading and changing the listener's rules (the Rules page, item pages' buttons, `rules` asking the server). */
  rules?: RulesAccess;
  /** The first-run setup the dashboard offers. */
  firstRun?: FirstRun;
  /** Tries the Spotify app (and each connected account) and says what is wrong, in words. */
  checkSpotify?: () => Promise<SpotifyCheck[]>;
  /** What /metrics reports beside the warehouse's numbers. */
  metrics?: MetricsSource;
}

export interface SettingsAccess {
  /** Every setting as in use (a secret only as set or not), with where its value comes from. */
  list(): SettingView[];
  /**
   * Stores a setting (undefined: forgets the stored value) and applies it before answering (the marts are
   * rebuilt first for TIMEZONE and MIN_PLAY_MS). Throws a UserError, changing nothing, for a bad value or key.
   */
  change(key: string, value: string | undefined): Promise<
    { setting: SettingView; rebuilt: boolean; overridden: boolean }
  >;
  /**
   * The token `/api/settings` requires (`Authorization: Bearer`), kept by the composition in a file only the
   * data folder's owner can read (the `settings` command reads it); undefined: `/api/settings` is closed.
   */
  apiToken?: string;
}

export interface RulesAccess {
  /** Every rule, oldest first. */
  list(): Promise<Rule[]>;
  /**
   * Keeps or forgets a rule and rebuilds the marts before answering. Throws a UserError, changing nothing, for a
   * rule that cannot be kept (a RuleError says why) or while another job runs (BusyError).
   */
  change(change: RuleChange): Promise<ChangedRule>;
}

export interface FirstRun {
  /** True while the dashboard should offer the setup: no plays, no stored settings, setup not finished. */
  offered(): Promise<boolean>;
  /** The setup was finished or skipped: the dashboard stops offering it (Settings keeps every step). */
  finish(): Promise<void>;
}

/** One finding of the Spotify check. */
export interface SpotifyCheck {
  /** What was tried: "client ID", "redirect URI", "account “me”" … */
  subject: string;
  status: "ok" | "problem" | "unknown";
  /** What it means, in words, and what to do. */
  says: string;
}

export interface MetricsSource {
  /** True when `token` is METRICS_TOKEN (compared in constant time); false when none is set. */
  tokenMatches(token: string): boolean;
  /** Jobs running or waiting for their turn. */
  jobsQueued(): number;
  /** The user's warehouse file (its size, with the write-ahead log, is reported). */
  warehousePath(): string;
  /** Spotify polling has not succeeded for three intervals while an account is connected. */
  ingestStalled(): Promise<boolean>;
}

/**
 * What the web layer needs from the pipeline for received listens, all on the user's own warehouse (never the
 * demo): landing them, and the tokens players send.
 */
export interface ListenIntake {
  /**
   * Lands the listens of one request (every one, or none) and has the marts follow; resolves once they are safe
   * on disk, rejects when they could not be landed.
   */
  land(landing: {
    user: string;
    source: "submitted" | "manual";
    tokenId?: number;
    listens: Record<string, unknown>[];
  }): Promise<void>;
  /** Deletes a manual listen (its play leaves the marts right after); false when there is none with that id. */
  deleteManual(listenId: number): Promise<boolean>;
  /** Resolves when what was landed so far is in the marts (a page waits for it briefly before showing them). */
  settled(): Promise<void>;
  /** The owner of a token, or undefined (unknown, revoked, or no warehouse of the user's yet). */
  verifyToken(token: string): Promise<TokenOwner | undefined>;
  createToken(user: string, label?: string): Promise<{ id: number; token: string }>;
  listTokens(): Promise<ListenToken[]>;
  revokeToken(id: number): Promise<boolean>;
}

/** Which enrichment services are configured, for the Jobs page. */
export interface EnrichmentSetup {
  /** A Spotify app is configured (SPOTIFY_CLIENT_ID). */
  spotify: boolean;
  /** MusicBrainz may be asked (MUSICBRAINZ_CONTACT is set). */
  musicbrainz: boolean;
  /** ENRICH_MAX_MINUTES: the nightly ETL's enrichment budget. */
  maxMinutes: number;
}

export interface ShareLinks {
  create(page: ShareablePage, days: number): Promise<{ token: string; expiresAt: Date }>;
  list(): Promise<{ id: string; page: string; token: string; expiresAt: Date }[]>;
  revoke(id: string): Promise<void>;
  /** The page a token may show, or undefined. */
  verify(token: string): Promise<ShareablePage | undefined>;
}

export interface SpotifyConnector {
  /** Starts a consent for `user` and returns the URL to open. */
  start(user: string): Promise<string>;
  /** Finishes one from the URL Spotify redirected to (pasted, or the callback's own); returns the user. */
  complete(redirectedUrl: string): Promise<string>;
}

/** The options with their defaults filled in, as every feature reads them. */
export type WebOptions =
  & Required<Pick<AppOptions, "minPlayMs" | "schedules" | "enrichment" | "now" | "sessionGapMinutes">>
  & Omit<AppOptions, "minPlayMs" | "schedules" | "enrichment" | "now" | "sessionGapMinutes">;

export interface AppEnv {
  Variables: {
    /**
     * The warehouse this request reads: the one shown (demo or the user's), narrowed to the chosen listener
     * on the analysis pages.
     */
    warehouse: Warehouse;
    isDemo: boolean;
    /** Everyone with plays, for the listener switch; and the listener shown (a cookie), if one is chosen. */
    listeners?: string[];
    listener?: string;
    /** Problems the user must act on, shown on every page. */
    alerts: string[];
    signedIn: boolean;
    /** A page without navigation: the setup's password step before anyone may see more. */
    bare?: boolean;
    /** A shared, read-only page: until when its link works. */
    sharedUntil?: Date;
    /** Read once per request with the alerts; the Jobs, Settings and Library pages show it too. */
    spotifyStatus?: SpotifyStatus;
    /** The `period` query value; on a bad one, "all time" with the typed value kept, and the message. */
    period: ParsedPeriod;
    periodError?: string;
  };
}

/**
 * What a feature's routes are built from: the options, and the middleware its pages share, in order. Pages
 * with a period add `readPeriod` (web/middleware/request_context.ts) themselves.
 */
export interface FeatureDeps {
  options: WebOptions;
  /**
   * For the pages that read the listening history: served from the page cache while the data version stands,
   * else alerts, the warehouse shown, narrowed to the listener chosen in the header.
   */
  analysis: MiddlewareHandler<AppEnv>[];
  /** Like `analysis`, for pages about the whole household (Compare): everyone's plays whatever the switch says. */
  household: MiddlewareHandler<AppEnv>[];
  /**
   * For the pages about the program's own state (Jobs, Settings, tokens, listens typed in): alerts and the
   * warehouse shown, cached until a job starts or ends, a form is sent, or 10 seconds pass.
   */
  state: MiddlewareHandler<AppEnv>[];
  /** For pages that change by themselves (Import's progress): alerts and the warehouse shown, never cached. */
  page: MiddlewareHandler<AppEnv>[];
  /** Logged-in browsers (login, and signing in the browser that sets the admin password). */
  sessions: Sessions;
}

/** A feature: its routes, mounted by app.tsx under its own path. */
export type Feature = (deps: FeatureDeps) => Hono<AppEnv>;

declare module "hono" {
  interface ContextRenderer {
    (content: string | Promise<string>, props: { title: string }): Response | Promise<Response>;
  }
}
