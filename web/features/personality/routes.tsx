/** Listening personality: profiles of the listeners' years, and how they changed. */
import { Hono } from "hono";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { PersonalityPage } from "./page.tsx";
import { profiles } from "./profiles.ts";
import { yearFeatures } from "./queries.ts";

export function personalityRoutes({ analysis }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(...analysis);

  app.get("/", async (c) => {
    const years = await yearFeatures(c.var.warehouse);
    return c.render(<PersonalityPage years={years} profiles={profiles(years)} />, { title: "Personality" });
  });

  return app;
}
