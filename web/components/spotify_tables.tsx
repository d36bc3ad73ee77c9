/** Spotify connections and ingestion gaps as tables, shown on Settings (to manage) and Jobs (to watch). */
import type { SpotifyStatus } from "../../warehouse/state/spotify_connections.ts";

export function ConnectionsTable({ connections }: { connections: SpotifyStatus["connections"] }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">User</th>
          <th scope="col">State</th>
          <th scope="col">Newest play polled (UTC)</th>
          <th scope="col">Library</th>
          <th scope="col">Note</th>
        </tr>
      </thead>
      <tbody>
        {connections.map((connection) => (
          <tr>
            <td>{connection.userName}</td>
            <td>
              <span
                class={`status status-${connection.status === "connected" ? "succeeded" : "failed"}`}
              >
                {connection.status === "connected" ? "connected" : "needs reconnect"}
              </span>
            </td>
            <td>
              {connection.newestPlay ? formatTime(connection.newestPlay) : "not polled yet"}
            </td>
            <td>
              {connection.libraryConsent === false
                ? "connect again to allow reading your liked songs, followed artists and playlists"
                : "read daily"}
            </td>
            <td>
              {connection.pausedUntil && connection.pausedUntil > new Date()
                ? `paused until ${formatTime(connection.pausedUntil)}: ${connection.lastError ?? ""}`
                : connection.lastError ?? ""}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function GapsTable({ gaps }: { gaps: SpotifyStatus["gaps"] }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">User</th>
          <th scope="col">From (UTC)</th>
          <th scope="col">To (UTC)</th>
        </tr>
      </thead>
      <tbody>
        {gaps.map((gap) => (
          <tr>
            <td>{gap.userName}</td>
            <td>{gap.from ? formatTime(gap.from) : ""}</td>
            <td>{formatTime(gap.to)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function formatTime(date: Date): string {
  return date.toISOString().slice(0, 16).replace("T", " ");
}
