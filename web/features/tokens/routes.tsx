/**
 * Listen tokens: made and revoked from Settings (forms, with the login and CSRF check every form has), and, for
 * the `tokens` command while `serve` holds the warehouse, the same over `/api/tokens` from this machine only.
 * A new token is shown once, on a page that is never cached, and never put in a URL.
 */
import { Hono } from "hono";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { isFromThisMachine } from "../../request.ts";
import { NewTokenPage } from "./page.tsx";

const USER_NAME = /^[\p{L}\p{N}_.@-]{1,64}$/u;
const MAX_LABEL = 40;

/** The forms on Settings: `POST /settings/tokens` (make one) and `POST /settings/tokens/<id>/revoke`. */
export function tokenRoutes({ state, options }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", ...state);
  app.use("*", async function receiving(c, next) {
    if (!options.listens) return c.text("Listens are not received here.", 404);
    await next();
  });

  app.post("/", async (c) => {
    const form = await c.req.parseBody();
    const user = String(form.user ?? "").trim();
    const label = String(form.label ?? "").trim();
    if (!USER_NAME.test(user) || label.length > MAX_LABEL) {
      return c.text("A listener is 1-64 letters, digits, _ . @ or -; a name at most 40 characters.", 400);
    }
    const { token } = await options.listens!.createToken(user, label || undefined);
    c.header("Cache-Control", "no-store");
    return c.render(
      <NewTokenPage
        user={user}
        label={label || undefined}
        token={token}
        origin={new URL(c.req.url).origin}
      />,
      { title: "New token" },
    );
  });

  app.post("/:id/revoke", async (c) => {
    await options.listens!.revokeToken(Number(c.req.param("id")));
    return c.redirect("/settings", 303);
  });

  return app;
}

/** What `tokens` asks the server: `GET /api/tokens`, `POST /api/tokens`, `POST /api/tokens/<id>/revoke`. */
export function tokensApiRoutes({ options }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", async function onlyFromThisMachine(c, next) {
    if (!isFromThisMachine(c)) {
      return c.json({ error: "tokens are managed from this machine or on Settings" }, 403);
    }
    if (!options.listens) return c.json({ error: "listens are not received here" }, 404);
    await next();
  });

  app.get("/", async (c) => c.json(await options.listens!.listTokens()));

  app.post("/", async (c) => {
    const body: { user?: unknown; label?: unknown } = await c.req.json().catch(() => ({}));
    const { user, label } = body;
    if (
      typeof user !== "string" || !USER_NAME.test(user) || (label !== undefined && typeof label !== "string")
    ) {
      return c.json({ error: "a user is 1-64 letters, digits, _ . @ or -" }, 400);
    }
    return c.json(await options.listens!.createToken(user, label as string | undefined));
  });

  app.post("/:id/revoke", async (c) => {
    const revoked = await options.listens!.revokeToken(Number(c.req.param("id")));
    return revoked
      ? c.json({ revoked: true })
      : c.json({ error: `no active token ${c.req.param("id")}` }, 404);
  });

  return app;
}
