/** `ingest`: polls Spotify's recently played tracks for every connected account, once. */
import { buildSettings } from "../config.ts";
import { ingestJob } from "../pipeline/spotify/ingest.ts";
import { defineCommand } from "./command.ts";
import { runSpotifyJob } from "./shared.ts";

export const ingestCommand = defineCommand({
  name: "ingest",
  usage: "ingest",
  summary: ["Poll Spotify's recently played tracks for every connected account, once."],
  options: {},
  async run(_args, config) {
    const settings = buildSettings(config);
    const { users, newPlays, gaps, paused } = await runSpotifyJob(config, {
      what: "The ingest",
      job: (spotify) => ingestJob(spotify, settings),
    }) as Record<string, number>;
    console.log(`Polled ${users} account(s): ${newPlays} new plays, ${gaps} gap(s), ${paused} paused.`);
    return 0;
  },
});
