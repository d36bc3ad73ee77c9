/** The page frame every page shares: navigation, the demo-data notice, and the theme switch. */
import type { Child } from "hono/jsx";

export interface LayoutProps {
  title: string;
  isDemo: boolean;
  /** Path of the page, to mark the navigation link. */
  path: string;
  /** Problems the user must act on, shown on every page. */
  alerts?: string[];
  /** Logged in with the admin password (offers a log-out button). */
  signedIn?: boolean;
  /** A read-only shared view: no navigation, and until when the link works. */
  sharedUntil?: Date;
  /** No navigation: the setup's password step, shown before anyone may see more. */
  bare?: boolean;
  /** A household's listeners (the switch shows when there are two or more), and the one shown, if chosen. */
  listeners?: string[];
  listener?: string;
  /** This page's path and query, where the listener switch comes back to. */
  here?: string;
  children?: Child;
}

/** What there is to look at, then where the data comes from and how the program runs. */
const NAV = {
  listening: [
    { href: "/", label: "Overview" },
    { href: "/top/artists", label: "Top" },
    { href: "/charts", label: "Charts" },
    { href: "/records", label: "Records" },
    { href: "/time", label: "Time" },
    { href: "/timeline", label: "Timeline" },
    { href: "/genres", label: "Genres" },
    { href: "/geography", label: "Geography" },
    { href: "/behaviour", label: "Behaviour" },
    { href: "/habits", label: "Habits" },
    { href: "/podcasts", label: "Podcasts" },
    { href: "/history", label: "History" },
    { href: "/review", label: "Review" },
    { href: "/personality", label: "Personality" },
    { href: "/compare", label: "Compare" },
    { href: "/library", label: "Library" },
  ],
  data: [
    { href: "/import", label: "Import" },
    { href: "/listens", label: "Add a listen" },
    { href: "/rules", label: "Rules" },
    { href: "/jobs", label: "Jobs" },
    { href: "/settings", label: "Settings" },
  ],
};

/** The Top link stays marked on the Top pages and on the artist, track and album pages they lead to. */
function isCurrent(href: string, path: string): boolean {
  if (href === "/charts" || href === "/records") return path === href || path.startsWith(`${href}/`);
  if (href === "/top/artists") return /^\/(top|artists|tracks|albums)(\/|$)/.test(path);
  if (href === "/rules") return path.startsWith("/rules");
  return href === path;
}

export function Layout(
  {
    title,
    isDemo,
    path,
    alerts = [],
    signedIn = false,
    sharedUntil,
    bare = false,
    listeners = [],
    listener,
    here = path,
    children,
  }: LayoutProps,
) {
  const shared = path.startsWith("/share/");
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{`${title} · Music Tracker`}</title>
        <link rel="stylesheet" href="/static/style.css" />
        <link rel="icon" href="/static/icon.svg" type="image/svg+xml" />
        {/* htmx would otherwise inject an inline <style>, which the Content-Security-Policy blocks. */}
        <meta
          name="htmx-config"
          content='{"includeIndicatorStyles":false,"historyRestoreAsHxRequest":false}'
        />
        <script src="/static/htmx.min.js" defer></script>
        <script src="/static/setup.js" defer></script>
      </head>
      <body>
        <header class="site-header">
          {shared ? <span class="brand">Music Tracker</span> : <a class="brand" href="/">Music Tracker</a>}
          {shared && (
            <span class="shared-note">
              Shared, read-only{sharedUntil ? ` until ${sharedUntil.toISOString().slice(0, 10)}` : ""}
            </span>
          )}
          {!shared && !bare && (
            <>
              <nav aria-label="Listening">
                {NAV.listening.map((item) => (
                  <a href={item.href} aria-current={isCurrent(item.href, path) ? "page" : undefined}>
                    {item.label}
                  </a>
                ))}
              </nav>
              {listeners.length > 1 && (
                <form method="post" action="/listener" class="listener-switch">
                  <input type="hidden" name="next" value={here} />
                  <label>
                    Listener{" "}
                    <select name="listener">
                      <option value="" selected={!listener}>everyone</option>
                      {listeners.map((name) => (
                        <option value={name} selected={name === listener}>{name}</option>
                      ))}
                    </select>
                  </label>
                  <button type="submit">Show</button>
                </form>
              )}
              <nav aria-label="Your data" class="nav-data">
                {NAV.data.map((item) => (
                  <a href={item.href} aria-current={isCurrent(item.href, path) ? "page" : undefined}>
                    {item.label}
                  </a>
                ))}
              </nav>
            </>
          )}
          {signedIn && !shared && (
            <form method="post" action="/logout" class="logout">
              <button type="submit">Log out</button>
            </form>
          )}
        </header>
        {isDemo && (
          <p class="demo-notice" role="status">
            <strong>Demo data.</strong>{" "}
            You are looking at a generated listening history. Upload your own Spotify export on the{" "}
            <a href="/import">Import</a> page (or run{" "}
            <code>deno task import my_spotify_data.zip</code>): the pages then show your listening. Demo plays
            never mix with yours.
          </p>
        )}
        {alerts.map((alert) => <p class="alert" role="alert">{alert}</p>)}
        <main>{children}</main>
        <footer class="site-footer">Music Tracker · your listening, on your own machine</footer>
      </body>
    </html>
  );
}
