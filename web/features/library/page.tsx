/**
 * Library: what you saved against what you played. Liked songs never played, songs played a lot but never
 * liked, when songs were liked against their first play, followed artists, and your own playlists, from the
 * daily snapshots of your Spotify library.
 */
import { raw } from "hono/html";
import { labelledSharesChart } from "../../charts/labelled_shares.ts";
import { formatDate, formatHours, formatInteger, formatMinutes, percent } from "../../format.ts";
import type { LibraryOwner, LibraryReport, LibraryTrack } from "./queries.ts";

export interface LibraryProps {
  owners: LibraryOwner[];
  /** The user shown, when anyone has a snapshot. */
  user?: string;
  report?: LibraryReport;
  timezone: string;
  /** Connected users whose consent predates the library scopes. */
  needConsent: string[];
  /** A Spotify app is configured (connecting is possible). */
  spotifyConfigured: boolean;
  error?: string;
}

export function LibraryPage(
  { owners, user, report, timezone, needConsent, spotifyConfigured, error }: LibraryProps,
) {
  const owner = owners.find((candidate) => candidate.userName === user);
  const day = (date: Date | null) => formatDate(date, timezone);
  return (
    <>
      <h1>Library</h1>
      {needConsent.length > 0 && (
        <p class="message" role="status">
          {needConsent.join(", ")} connected Spotify before Music Tracker read libraries.{" "}
          <a href="/settings">Connect again on Settings</a>{" "}
          to allow reading liked songs, followed artists and playlists (read only).
        </p>
      )}
      {owners.length > 1 && (
        <form method="get" action="/library" class="filters">
          <label>
            Whose library{" "}
            <select name="user">
              {owners.map((candidate) => (
                <option value={candidate.userName} selected={candidate.userName === user}>
                  {candidate.userName}
                </option>
              ))}
            </select>
          </label>{" "}
          <button type="submit">Show</button>
        </form>
      )}
      {error
        ? <p class="message message-error" role="alert">{error}</p>
        : !report || !owner
        ? <NoSnapshot spotifyConfigured={spotifyConfigured} />
        : (
          <>
            <p class="secondary">
              {owner.userName}'s library as Spotify listed it on {day(owner.lastSnapshotAt)}{" "}
              ({formatInteger(owner.snapshots)} daily snapshot{owner.snapshots === 1 ? "" : "s"} since{" "}
              {day(owner.firstSnapshotAt)}). A liked song counts as played when any counted play is the same
              song: its Spotify id, or its title and artist.
            </p>
            <dl class="facts">
              <dt>Liked songs</dt>
              <dd>
                {formatInteger(report.likedTracks)}, {formatInteger(report.likedPlayed)} of them played
                {report.likedTracks > 0 && ` (${percent(report.likedPlayed / report.likedTracks)})`}
              </dd>
              <dt>Listening time on liked songs</dt>
              <dd>{percent(report.likedTimeShare)}</dd>
              <dt>Followed artists</dt>
              <dd>
                {formatInteger(report.followedArtists)}, {formatInteger(report.followedPlayed)} of them played
              </dd>
              <dt>Your playlists</dt>
              <dd>{formatInteger(report.ownPlaylists)}</dd>
            </dl>

            <div class="columns">
              <section aria-labelledby="never-played-heading">
                <h2 id="never-played-heading">Liked, never played</h2>
                {report.savedNeverPlayed.total === 0 ? <p>You have played every song you liked.</p> : (
                  <>
                    <p class="secondary">
                      {neverPlayedNote(report.savedNeverPlayed.total, report.savedNeverPlayed.latest.length)}
                    </p>
                    <TrackTable tracks={report.savedNeverPlayed.latest} day={day} dateLabel="Liked on" />
                  </>
                )}
              </section>
              <section aria-labelledby="never-saved-heading">
                <h2 id="never-saved-heading">Played a lot, never liked</h2>
                {report.playedNeverSaved.length === 0
                  ? <p>Every song you played is among your liked songs.</p>
                  : (
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">Track</th>
                          <th scope="col">Artist</th>
                          <th scope="col" class="number">Plays</th>
                          <th scope="col" class="number wide-only">Minutes</th>
                          <th scope="col" class="wide-only">First played</th>
                        </tr>
                      </thead>
                      <tbody>
                        {report.playedNeverSaved.map((track) => (
                          <tr>
                            <th scope="row">
                              <a href={`/tracks/${track.trackKey}`}>{track.name}</a>
                            </th>
                            <td>{track.artist ?? ""}</td>
                            <td class="number">{formatInteger(track.plays)}</td>
                            <td class="number wide-only">{formatMinutes(track.minutes)}</td>
                            <td class="date wide-only">{day(track.firstPlayedAt)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
              </section>
            </div>

            <section aria-labelledby="timing-heading">
              <h2 id="timing-heading">Liked when?</h2>
              <p class="secondary">
                When each liked song was saved, against the start of its first counted play
                {report.medianDaysToSave !== null &&
                  `; songs liked after hearing them were liked ${
                    formatDays(report.medianDaysToSave)
                  } after the first play (median)`}. Your history starts where your exports start: an older
                first play is not known.
              </p>
              <div class="columns">
                <div>
                  {raw(labelledSharesChart(
                    report.saveTiming.map((row) => ({
                      label: row.label,
                      share: report.likedTracks ? row.tracks / report.likedTracks : 0,
                    })),
                    { title: "When liked songs were saved", limit: report.saveTiming.length },
                  ))}
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Liked</th>
                        <th scope="col" class="number">Songs</th>
                      </tr>
                    </thead>
                    <tbody>
                      {report.saveTiming.map((row) => (
                        <tr>
                          <th scope="row">{row.label}</th>
                          <td class="number">{formatInteger(row.tracks)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <div>
                  <h3>Took the longest to like</h3>
                  {report.slowestSaves.length === 0
                    ? <p>No song waited a month or more for its like.</p>
                    : (
                      <table>
                        <thead>
                          <tr>
                            <th scope="col">Track</th>
                            <th scope="col" class="wide-only">First played</th>
                            <th scope="col">Liked on</th>
                            <th scope="col" class="number">Days</th>
                          </tr>
                        </thead>
                        <tbody>
                          {report.slowestSaves.map((track) => (
                            <tr>
                              <th scope="row">
                                {track.name}
                                {track.artist && <span class="secondary">{` · ${track.artist}`}</span>}
                              </th>
                              <td class="date wide-only">{day(track.firstPlayedAt)}</td>
                              <td class="date">{day(track.addedAt)}</td>
                              <td class="number">{formatInteger(track.daysToSave)}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    )}
                </div>
              </div>
            </section>

            <div class="columns">
              <section aria-labelledby="followed-heading">
                <h2 id="followed-heading">Followed, never played</h2>
                {report.followedNeverPlayed.total === 0 ? <p>You have played every artist you follow.</p> : (
                  <>
                    <p class="secondary">
                      {formatInteger(report.followedNeverPlayed.total)} followed artist
                      {report.followedNeverPlayed.total === 1 ? " has" : "s have"} no counted play.
                    </p>
                    <ul class="names">
                      {report.followedNeverPlayed.names.map((name) => <li>{name}</li>)}
                    </ul>
                  </>
                )}
              </section>
              <section aria-labelledby="not-followed-heading">
                <h2 id="not-followed-heading">Played most, not followed</h2>
                {report.playedNotFollowed.length === 0 ? <p>You follow every artist you played.</p> : (
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Artist</th>
                        <th scope="col" class="number">Plays</th>
                      </tr>
                    </thead>
                    <tbody>
                      {report.playedNotFollowed.map((artist) => (
                        <tr>
                          <th scope="row">
                            <a href={`/artists/${artist.artistKey}`}>{artist.name}</a>
                          </th>
                          <td class="number">{formatInteger(artist.plays)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>
            </div>

            <section aria-labelledby="playlists-heading">
              <h2 id="playlists-heading">Your playlists</h2>
              {report.playlists.length === 0 ? <p>You have no playlists of your own.</p> : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Playlist</th>
                      <th scope="col" class="number">Tracks</th>
                      <th scope="col" class="number">Played</th>
                      <th scope="col" class="number wide-only">Hours on its tracks</th>
                      <th scope="col" class="wide-only">Last added</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.playlists.map((playlist) => (
                      <tr>
                        <th scope="row">{playlist.name}</th>
                        <td class="number">{formatInteger(playlist.tracks)}</td>
                        <td class="number">
                          {playlist.tracks ? percent(playlist.tracksPlayed / playlist.tracks) : "—"}
                        </td>
                        <td class="number wide-only">{formatHours(playlist.hours)}</td>
                        <td class="date wide-only">{day(playlist.lastAddedAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>

            {report.removed.length > 0 && (
              <section aria-labelledby="removed-heading">
                <h2 id="removed-heading">No longer liked</h2>
                <p class="secondary">Songs the snapshots saw leave your liked songs, latest first.</p>
                <TrackTable
                  tracks={report.removed}
                  day={day}
                  dateLabel="Gone by"
                  date={(track) => track.removedAt}
                />
              </section>
            )}
          </>
        )}
    </>
  );
}

function NoSnapshot({ spotifyConfigured }: { spotifyConfigured: boolean }) {
  return (
    <section>
      <p>
        No library snapshot yet. Once a Spotify account is connected, Music Tracker reads its liked songs,
        followed artists and own playlists every night (<code>LIBRARY_CRON</code>, 01:30 UTC), one request per
        50 items, and compares them with what you played.
      </p>
      <p>
        {spotifyConfigured
          ? (
            <>
              Connect an account on <a href="/settings">Settings</a>, or run{" "}
              <code>deno task cli library</code>.
            </>
          )
          : (
            <>
              Set <code>SPOTIFY_CLIENT_ID</code> first (README: “Keeping it current”), then connect on{" "}
              <a href="/settings">Settings</a>.
            </>
          )}
      </p>
    </section>
  );
}

function TrackTable<T extends LibraryTrack>(
  { tracks, day, dateLabel, date = (track) => track.addedAt }: {
    tracks: T[];
    day: (date: Date | null) => string;
    dateLabel: string;
    date?: (track: T) => Date | null;
  },
) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Track</th>
          <th scope="col">Artist</th>
          <th scope="col">{dateLabel}</th>
        </tr>
      </thead>
      <tbody>
        {tracks.map((track) => (
          <tr>
            <th scope="row">{track.name}</th>
            <td>{track.artist ?? ""}</td>
            <td class="date">{day(date(track))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function neverPlayedNote(total: number, listed: number): string {
  const songs = total === 1 ? "1 liked song has" : `${formatInteger(total)} liked songs have`;
  return `${songs} no counted play${total > listed ? `; the ${listed} liked last are listed` : ""}.`;
}

function formatDays(days: number): string {
  return days < 1
    ? `${formatInteger(Math.round(days * 24))} hours`
    : `${formatInteger(Math.round(days))} days`;
}
