/** Library: your Spotify library (from the daily snapshots) against your listening. */
import { Hono } from "hono";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { libraryConsentNeeded, spotifyStatus } from "../../../warehouse/state/spotify_connections.ts";
import { LibraryPage } from "./page.tsx";
import { libraryOwners, libraryReport } from "./queries.ts";

export function libraryRoutes({ analysis, options }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(...analysis);

  app.get("/", async (c) => {
    const { warehouse, listener } = c.var;
    const owners = await libraryOwners(warehouse);
    const needConsent = libraryConsentNeeded(c.var.spotifyStatus ?? await spotifyStatus(warehouse));
    const names = owners.map((owner) => owner.userName);
    // The listener switch picks whose library by default; the page's own choice wins.
    const asked = c.req.query("user");
    const user = asked ?? (listener && names.includes(listener) ? listener : names[0]);
    const props = {
      owners,
      user,
      timezone: options.timezone,
      needConsent,
      spotifyConfigured: Boolean(options.spotify),
    };
    if (asked !== undefined && !names.includes(asked)) {
      c.status(404);
      return c.render(<LibraryPage {...props} error={`No library snapshot of “${asked}”.`} />, {
        title: "Library",
      });
    }
    const report = user ? await libraryReport(warehouse, user) : undefined;
    return c.render(<LibraryPage {...props} report={report} />, { title: "Library" });
  });

  return app;
}
