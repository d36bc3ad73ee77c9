/**
 * Rules: `/rules` lists every rule with its undo and the likely duplicates; `/rules/<item>/<key>` is one
 * artist's, track's or album's rules and the forms to merge (with a search), rename and exclude it (a fragment
 * its page loads with htmx, or a page of its own). Every change is a POST that answers once the marts are
 * rebuilt. `/api/rules` is the same for `rules` on this machine while the server holds the warehouse.
 */
import { type Context, Hono } from "hono";
import { BusyError, UserError } from "../../../lib/errors.ts";
import { sameSecret } from "../../../lib/passwords.ts";
import type { RuleChange } from "../../../warehouse/rules_change.ts";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { isFromThisMachine, parseKey, safeNext } from "../../request.ts";
import { field } from "../../settings_change.ts";
import { ItemRules, type Message, RulesPage } from "./page.tsx";
import { mergeCandidates, MUSIC_ITEMS, type MusicItem, ruledItem, rulesOf, suggestions } from "./queries.ts";

export function rulesRoutes({ household, options }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(...household);

  const renderList = async (c: Context<AppEnv>, message?: Message, status = 200) => {
    const rules = await options.rules?.list() ?? [];
    c.status(status as 200);
    return c.render(
      <RulesPage
        rules={rules}
        listeners={c.var.listeners ?? []}
        suggestions={await suggestions(c.var.warehouse)}
        all={c.req.query("all") === "1"}
        message={message}
        isDemo={c.var.isDemo ?? false}
      />,
      { title: "Rules" },
    );
  };

  app.get("/", (c) => renderList(c));

  app.get("/:item/:key", async (c) => {
    const item = c.req.param("item") as MusicItem;
    const key = parseKey(c.req.param("key"));
    if (!MUSIC_ITEMS.includes(item) || key === undefined) return c.notFound();
    const found = await ruledItem(c.var.warehouse, item, key);
    if (!found) return c.notFound();
    c.header("Vary", "HX-Request");
    const search = (c.req.query("q") ?? "").trim().slice(0, 200);
    const view = (
      <ItemRules
        item={found}
        rules={rulesOf(await options.rules?.list() ?? [], found)}
        candidates={search ? await mergeCandidates(c.var.warehouse, item, key, search) : []}
        search={search}
        listeners={c.var.listeners ?? []}
        isDemo={c.var.isDemo ?? false}
      />
    );
    if (c.req.header("HX-Request")) return c.html(view);
    return c.render(
      <>
        <p>
          <a href={`/${item}s/${found.key}`}>← {found.name}</a>
        </p>
        {view}
      </>,
      { title: `Rules for ${found.name}` },
    );
  });

  /** Applies a change, then back to where the form came from; a refused one shows the Rules page saying why. */
  const apply = async (c: Context<AppEnv>, change: RuleChange, back: string) => {
    if (!options.rules) return renderList(c, { kind: "error", text: "Rules cannot be changed here." }, 400);
    try {
      await options.rules.change(change);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return renderList(c, { kind: "error", text: error.message }, error instanceof BusyError ? 409 : 400);
    }
    return c.redirect(safeNext(back), 303);
  };

  app.post("/", async (c) => {
    const body = await c.req.parseBody();
    const add = {
      kind: field(body, "kind"),
      subject: field(body, "subject"),
      target: field(body, "target") || undefined,
      user: field(body, "user") || undefined,
    };
    return await apply(c, { add }, field(body, "back") || "/rules");
  });

  app.post("/:id/undo", async (c) => {
    const body = await c.req.parseBody();
    const id = Number(c.req.param("id"));
    if (!/^\d{1,9}$/.test(c.req.param("id"))) return c.notFound();
    return await apply(c, { remove: id }, field(body, "back") || "/rules");
  });

  return app;
}

/**
 * `rules` on the command line while the server holds the warehouse: `GET /api/rules` lists, `POST` a JSON
 * `{add: {kind, subject, target?, user?}}` or `{remove: id}` changes and answers once the marts are rebuilt.
 * From this machine only, with the token serve keeps beside the warehouse, as `/api/settings`.
 */
export function rulesApiRoutes({ options }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("/rules", async function onlyThisMachine(c, next) {
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    const expected = options.settings?.apiToken;
    if (!isFromThisMachine(c) || !expected || !token || !sameSecret(token, expected) || !options.rules) {
      return c.json({
        error: "rules are changed with the rules command on this machine (it sends the token serve keeps " +
          "beside the warehouse), or on the Rules page",
      }, 403);
    }
    await next();
  });

  app.get("/rules", async (c) => c.json(await options.rules!.list()));

  app.post("/rules", async (c) => {
    if (!(c.req.header("content-type") ?? "").startsWith("application/json")) {
      return c.json({
        error: "send the change as JSON: {add: {kind, subject, target, user}} or {remove: id}",
      }, 415);
    }
    const change = parseChange(await c.req.json().catch(() => undefined));
    if (typeof change === "string") return c.json({ error: change }, 400);
    try {
      return c.json(await options.rules!.change(change));
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return c.json({ error: error.message }, error instanceof BusyError ? 409 : 400);
    }
  });

  return app;
}

/** A change from JSON, or what is wrong with it. */
function parseChange(body: unknown): RuleChange | string {
  if (typeof body !== "object" || body === null) return "send {add: {...}} or {remove: id}";
  const { add, remove } = body as { add?: unknown; remove?: unknown };
  if (remove !== undefined) {
    return typeof remove === "number" && Number.isSafeInteger(remove)
      ? { remove }
      : "remove takes a rule's id";
  }
  if (typeof add !== "object" || add === null) return "send {add: {...}} or {remove: id}";
  const { kind, subject, target, user } = add as Record<string, unknown>;
  const text = (value: unknown) => value === undefined || value === null || typeof value === "string";
  if (typeof kind !== "string" || typeof subject !== "string" || !text(target) || !text(user)) {
    return "add takes kind and subject as text, and target and user as text when given";
  }
  return {
    add: {
      kind,
      subject,
      target: (target as string | null) ?? undefined,
      user: (user as string | null) ?? undefined,
    },
  };
}
