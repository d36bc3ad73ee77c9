/** Records: `/records` (artists), `/records/<artists|tracks|albums>`: certifications, weeks at #1, medals. */
import { Hono } from "hono";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { RecordsPage } from "./page.tsx";
import { certifiedItems, type RecordKind, unfinished, weeksAtOne, yearMedals } from "./queries.ts";

const KINDS = ["artists", "tracks", "albums"];

export function recordsRoutes({ analysis, options }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(...analysis);

  app.get("/:kind?", async (c) => {
    const kind = (c.req.param("kind") ?? "artists") as RecordKind;
    if (!KINDS.includes(kind)) return c.notFound();
    const { warehouse } = c.var;
    const { weekStart, year } = unfinished(options.now(), options.timezone);
    // One connection: the statements run one after the other either way.
    const weeks = await weeksAtOne(warehouse, kind, { before: weekStart });
    const certified = await certifiedItems(warehouse, kind);
    const medals = await yearMedals(warehouse, kind, { beforeYear: year });
    return c.render(<RecordsPage kind={kind} data={{ certified, weeksAtOne: weeks, medals }} />, {
      title: `Records: ${kind}`,
    });
  });

  return app;
}
