/** `library`: snapshots liked songs, followed artists and own playlists of every connected account, once. */
import { libraryJob } from "../pipeline/spotify/library.ts";
import { defineCommand } from "./command.ts";
import { runSpotifyJob } from "./shared.ts";

export const libraryCommand = defineCommand({
  name: "library",
  usage: "library",
  summary: [
    "Snapshot liked songs, followed artists and own playlists of every connected",
    "account, once.",
  ],
  options: {},
  async run(_args, config) {
    const counts = await runSpotifyJob(config, {
      what: "The library snapshot",
      job: (spotify) => libraryJob(spotify),
    });
    console.log(
      `Snapshotted ${counts.users} account(s): ${counts.liked_tracks} liked songs, ${counts.followed_artists} ` +
        `followed artists, ${counts.requests} requests.`,
    );
    if (Number(counts.needs_consent) > 0) {
      console.log(
        `${counts.needs_consent} account(s) connected before the library was read: connect them again ` +
          "(Settings, or `auth`) to allow it.",
      );
    }
    if (counts.stopped) console.log(`Stopped early: ${counts.stopped}`);
    return 0;
  },
});
