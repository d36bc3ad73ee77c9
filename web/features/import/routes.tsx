/** Import from the browser: upload an export, see the dry-run preview, import it, follow the progress. */
import { Hono } from "hono";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { ImportPage, ImportStatus } from "./page.tsx";
import { UploadError } from "./upload.ts";

export function importRoutes({ page, options }: FeatureDeps): Hono<AppEnv> {
  const { importer } = options;
  const app = new Hono<AppEnv>();
  app.use(...page);
  const maxUploadMb = () => Math.round(importer!.maxUploadBytes / 1024 / 1024);

  app.get("/", (c) => {
    if (!importer) return c.text("Imports from the browser are not available", 404);
    return c.render(<ImportPage maxUploadMb={maxUploadMb()} />, { title: "Import" });
  });

  app.post("/", async (c) => {
    if (!importer) return c.text("Imports from the browser are not available", 404);
    try {
      const state = await importer.preview(c.req.raw);
      return c.redirect(`/import/${state.id}`, 303);
    } catch (error) {
      c.status(error instanceof UploadError ? error.status : 400);
      return c.render(<ImportPage maxUploadMb={maxUploadMb()} error={(error as Error).message} />, {
        title: "Import",
      });
    }
  });

  // One URL for the whole page and for the status fragment htmx polls (it selects #import-status).
  app.get("/:id", (c) => {
    const state = importer?.status(c.req.param("id"));
    if (!state) return c.text("No such import", 404);
    c.header("Cache-Control", "no-store");
    return c.render(
      <>
        <h1>Import</h1>
        <ImportStatus state={state} />
      </>,
      { title: "Import" },
    );
  });

  app.post("/:id/run", async (c) => {
    const id = c.req.param("id");
    if (!importer?.status(id)) return c.text("No such import", 404);
    await importer.start(id);
    return c.redirect(`/import/${id}`, 303);
  });

  return app;
}
