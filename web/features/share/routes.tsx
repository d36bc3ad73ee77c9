/** A shared page: the page alone (no navigation, no alerts), for as long as the link is valid. */
import { Hono } from "hono";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { chartsLoaded, shownWarehouse } from "../../middleware/request_context.ts";
import { renderOverview } from "../overview/routes.tsx";
import { renderReview } from "../review/routes.tsx";

export function shareRoutes({ options }: FeatureDeps): Hono<AppEnv> {
  const { shares } = options;
  const app = new Hono<AppEnv>();

  // Everyone's plays, whoever the viewer's browser last chose in the listener switch.
  app.get("/:token", shownWarehouse(options), chartsLoaded, async (c) => {
    const token = c.req.param("token");
    const page = shares ? await shares.verify(token) : undefined;
    if (!shares || !page) return c.text("This share link is not valid (anymore).", 404);
    const link = (await shares.list()).find((item) => item.token === token);
    c.set("sharedUntil", link?.expiresAt);
    c.set("alerts", []);
    c.header("Cache-Control", "no-store");
    c.header("X-Robots-Tag", "noindex");
    if (page.startsWith("review:")) {
      return await renderReview(c, options, { period: page.slice("review:".length), shared: true });
    }
    return await renderOverview(c, options);
  });

  return app;
}
