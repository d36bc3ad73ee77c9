/** Compare: two listeners of a household side by side (always everyone's plays, whatever the switch says). */
import { Hono } from "hono";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { readPeriod } from "../../middleware/request_context.ts";
import { ComparePage } from "./page.tsx";
import { compareListeners, listeners } from "./queries.ts";

export function compareRoutes({ household }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(...household, readPeriod);

  app.get("/", async (c) => {
    const { warehouse, period, periodError: error } = c.var;
    const everyone = await listeners(warehouse);
    const names = everyone.map((listener) => listener.userName);
    // Without a choice: the two who listened most.
    const a = c.req.query("a") ?? names[0];
    const b = c.req.query("b") ?? names[1];
    const render = (props: { comparison?: Awaited<ReturnType<typeof compareListeners>>; error?: string }) =>
      c.render(<ComparePage {...{ period, a, b }} listeners={everyone} {...props} />, { title: "Compare" });
    if (error || names.length < 2 || !a || !b) return render({ error });
    if (!names.includes(a) || !names.includes(b) || a === b) {
      c.status(400);
      return render({
        error: a === b
          ? "Choose two different listeners."
          : `No listener is called “${names.includes(a) ? b : a}”.`,
      });
    }
    return render({ comparison: await compareListeners(warehouse, period, { a, b }) });
  });

  return app;
}
