/**
 * What each listener is playing right now, in memory only: a `playing_now` from a player (ListenBrainz API) or
 * Spotify's currently-playing answer (REALTIME_POLL_SECONDS). It is not a play, and it is not kept: it expires
 * when the track should have ended (its duration after it was reported), else after 10 minutes, as ListenBrainz
 * keeps it. One entry per listener, the latest wins; a household has a handful, so it costs nothing.
 */

export interface NowPlaying {
  user: string;
  artist: string;
  track: string;
  album?: string;
  /** The player or service: "Jellyfin", "navidrome", "Spotify" … */
  client?: string;
  durationMs?: number;
  /** Where it came from: a player's playing_now, or Spotify's currently-playing. */
  source: "listenbrainz" | "spotify";
  /** The track_metadata a player sent (ListenBrainz's playing-now read gives it back as it came). */
  trackMetadata?: Record<string, unknown>;
  since: Date;
  expiresAt: Date;
}

/** How long a playing_now without a duration is shown (ListenBrainz's PLAYING_NOW_MAX_DURATION). */
export const PLAYING_NOW_MAX_MS = 600_000;

export class NowPlayingBoard {
  #entries = new Map<string, NowPlaying>();
  #now: () => Date;

  constructor({ now = () => new Date() }: { now?: () => Date } = {}) {
    this.#now = now;
  }

  /**
   * Shows `entry` for its listener until `expiresIn` ms from now (default: its duration, else 10 minutes). The
   * same artist and track again from the same source keeps the first report, as ListenBrainz does.
   */
  report(
    entry: Omit<NowPlaying, "since" | "expiresAt">,
    { expiresInMs }: { expiresInMs?: number } = {},
  ): void {
    const now = this.#now();
    const current = this.get(entry.user);
    if (
      current && current.source === entry.source && current.artist === entry.artist &&
      current.track === entry.track
    ) {
      if (expiresInMs !== undefined) current.expiresAt = new Date(now.getTime() + expiresInMs);
      return;
    }
    const ttl = expiresInMs ?? entry.durationMs ?? PLAYING_NOW_MAX_MS;
    this.#entries.set(entry.user, { ...entry, since: now, expiresAt: new Date(now.getTime() + ttl) });
  }

  /** Nothing plays for `user` any more (from `source`, when given). */
  clear(user: string, source?: NowPlaying["source"]): void {
    const current = this.#entries.get(user);
    if (current && (!source || current.source === source)) {
      this.#entries.delete(user);
    }
  }

  /** What `user` plays now, if anything. */
  get(user: string): NowPlaying | undefined {
    const entry = this.#entries.get(user);
    if (entry && entry.expiresAt <= this.#now()) {
      this.#entries.delete(user);
      return undefined;
    }
    return entry;
  }

  /** Everyone playing something now, by user name. */
  all(): NowPlaying[] {
    return [...this.#entries.keys()].sort().map((user) => this.get(user)).filter((entry) =>
      entry !== undefined
    );
  }
}
