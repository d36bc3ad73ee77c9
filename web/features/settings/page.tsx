/**
 * Settings: every setting that can change while the server runs, as forms (with where each value comes from);
 * connecting Spotify (the guide, the check, the accounts: two ways that work from any device); share links;
 * the gaps; and what only the environment sets.
 */
import type { SettingView } from "../../../config.ts";
import type { SpotifyStatus } from "../../../warehouse/state/spotify_connections.ts";
import { SettingField } from "../../components/setting_field.tsx";
import { SpotifyGuide } from "../../components/spotify_guide.tsx";
import { ConnectionsTable, formatTime, GapsTable } from "../../components/spotify_tables.tsx";
import type { SpotifyCheck } from "../../env.ts";
import { EnvironmentSettings, GROUPS, SettingsGroup } from "./values.tsx";
import { type ScrobblingProps, ScrobblingSettings } from "../../components/scrobbling_settings.tsx";

export interface SettingsProps {
  configured: boolean;
  status: SpotifyStatus;
  /** A consent just started: the URL to open, for the user named; `next`: where to go once connected. */
  consent?: { url: string; user: string; next?: string };
  message?: { kind: "ok" | "error"; text: string };
  /** Active share links; undefined when sharing is not available. */
  shareLinks?: { id: string; page: string; token: string; expiresAt: Date }[];
  /** This site's origin, to show whole share URLs. */
  origin?: string;
  /** Every setting, when they can be changed here. */
  settings?: SettingView[];
  /** What the Spotify check found, when it just ran. */
  checks?: SpotifyCheck[];
  /** The Spotify check is available. */
  canCheck?: boolean;
  /** Other players: listen tokens and now-playing polling; undefined when listens are not received. */
  scrobbling?: Omit<ScrobblingProps, "origin">;
}

export function SettingsPage(
  {
    configured,
    status,
    consent,
    message,
    shareLinks,
    origin = "",
    settings,
    checks,
    canCheck = false,
    scrobbling,
  }: SettingsProps,
) {
  const spotifySettings = settings?.filter((setting) => setting.group === "spotify") ?? [];
  const redirectUri = spotifySettings.find((setting) => setting.key === "SPOTIFY_REDIRECT_URI")?.value ??
    "http://127.0.0.1:8080/callback";
  return (
    <>
      <h1>Settings</h1>
      {message && <p class={`message message-${message.kind}`} role="status">{message.text}</p>}
      {settings && (
        <p>
          Changes take effect at once, without a restart. A value set in the environment (or{" "}
          <code>.env</code>) wins over one stored here; each setting says where its value comes from.
        </p>
      )}
      {settings && GROUPS.slice(0, 2).map((group) => <SettingsGroup settings={settings} {...group} />)}
      <section aria-labelledby="spotify-heading">
        <h2 id="spotify-heading">Spotify</h2>
        {settings && (
          <>
            <SpotifyGuide {...{ redirectUri, origin, checks }} canCheck={configured && canCheck} />
            {spotifySettings.map((setting) => <SettingField setting={setting} />)}
          </>
        )}
        {!configured
          ? (
            <p>
              No Spotify app yet: {settings ? "set its client ID above" : (
                <>
                  set <code>SPOTIFY_CLIENT_ID</code> in <code>.env</code>
                </>
              )}. Imports from export files need none of this.
            </p>
          )
          : (
            <>
              {status.connections.length === 0
                ? <p>No account connected yet.</p>
                : <ConnectionsTable connections={status.connections} />}
              {consent
                ? (
                  <div class="panel">
                    <h3>Connect “{consent.user}”</h3>
                    <ol>
                      <li>
                        <a href={consent.url} target="_blank" rel="noopener noreferrer">
                          Open Spotify's consent page
                        </a>{" "}
                        and agree.
                      </li>
                      <li>
                        On this machine you are sent back here. On another device the browser shows an error
                        page at <code>127.0.0.1</code>: copy that whole address and paste it below.
                      </li>
                    </ol>
                    <form method="post" action="/settings/paste">
                      {consent.next && <input type="hidden" name="next" value={consent.next} />}
                      <label>
                        Address Spotify sent you to
                        <input
                          name="url"
                          type="url"
                          required
                          placeholder="http://127.0.0.1:8080/callback?code=…"
                        />
                      </label>
                      <button type="submit">Connect</button>
                    </form>
                  </div>
                )
                : (
                  <form method="post" action="/settings/connect" class="inline-form">
                    <label>
                      User name
                      <input name="user" required pattern="[\p{L}\p{N}_.@-]{1,64}" value="me" />
                    </label>
                    <button type="submit">Connect a Spotify account</button>
                  </form>
                )}
            </>
          )}
      </section>
      {shareLinks && (
        <section aria-labelledby="share-heading">
          <h2 id="share-heading">Share links</h2>
          <p>
            A share link shows one page to anyone who has it, read-only, and nothing else: no other page, no
            settings. Share the overview here, or a review from its page (<a href="/review">Review</a>). A
            link stops working when it expires or is revoked.
          </p>
          {shareLinks.length > 0 && (
            <table>
              <thead>
                <tr>
                  <th scope="col">Shows</th>
                  <th scope="col">Link</th>
                  <th scope="col">Expires (UTC)</th>
                  <th scope="col"></th>
                </tr>
              </thead>
              <tbody>
                {shareLinks.map((link) => (
                  <tr>
                    <td>{link.page.startsWith("review:") ? `review of ${link.page.slice(7)}` : link.page}</td>
                    <td>
                      <code>{`${origin}/share/${link.token}`}</code>
                    </td>
                    <td>{formatTime(link.expiresAt)}</td>
                    <td>
                      <form method="post" action={`/settings/share/${link.id}/revoke`}>
                        <button type="submit">Revoke</button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <form method="post" action="/settings/share" class="inline-form">
            <label>
              Days the link works
              <input name="days" type="number" min="1" max="365" value="7" required />
            </label>
            <button type="submit">Create a share link to the overview</button>
          </form>
        </section>
      )}
      {scrobbling && <ScrobblingSettings {...scrobbling} origin={origin} />}
      {settings && GROUPS.slice(2).map((group) => <SettingsGroup settings={settings} {...group} />)}
      {status.gaps.length > 0 && (
        <section aria-labelledby="gaps-heading">
          <h2 id="gaps-heading">Gaps</h2>
          <p>
            More than 50 plays happened between two polls, so some may be missing. Import your extended
            streaming history to fill these gaps.
          </p>
          <GapsTable gaps={status.gaps} />
        </section>
      )}
      {settings && <EnvironmentSettings settings={settings} />}
    </>
  );
}
