/**
 * `/listens`: add a listen by hand, see the ones added, delete one. Forms, so the login and the CSRF check apply as
 * to every form. A listen lands like a player's (source "manual") and reaches the marts right after; the page
 * waits up to 3 s for that before it shows the list (longer while a long job holds the marts: it shows up then).
 */
import { type Context, Hono } from "hono";
import type { AppEnv, FeatureDeps, WebOptions } from "../../env.ts";
import { type ManualFields, readManualListen } from "./form.ts";
import { ListensPage } from "./page.tsx";
import { manualListens } from "./queries.ts";

const SETTLE_WAIT_MS = 3000;

export function listensRoutes({ state, options }: FeatureDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", ...state);

  app.get("/", (c) => {
    const notice = { added: "Added.", deleted: "Deleted." }[c.req.query("done") ?? ""];
    return render(c, options, { fields: emptyFields(c, options), message: notice });
  });

  app.post("/", async (c) => {
    if (!options.listens) return c.text("Listens are not received here.", 404);
    const form = await c.req.parseBody();
    const field = (name: string) => typeof form[name] === "string" ? form[name] as string : "";
    const fields: ManualFields = {
      user: field("user"),
      track: field("track"),
      artist: field("artist"),
      album: field("album"),
      startedAt: field("started_at"),
      duration: field("duration"),
    };
    const read = readManualListen(fields, { timezone: options.timezone, now: options.now() });
    if ("errors" in read) return render(c, options, { fields, errors: read.errors }, 400);
    await options.listens.land({ user: read.user, source: "manual", listens: [read.listen] });
    await settledOrLater(options);
    return c.redirect("/listens?done=added", 303);
  });

  app.post("/:id/delete", async (c) => {
    if (!options.listens) return c.text("Listens are not received here.", 404);
    const id = Number(c.req.param("id"));
    if (!Number.isSafeInteger(id) || !(await options.listens.deleteManual(id))) {
      return c.text("No such listen (it may be deleted already).", 404);
    }
    await settledOrLater(options);
    return c.redirect("/listens?done=deleted", 303);
  });

  return app;
}

async function render(
  c: Context<AppEnv>,
  options: WebOptions,
  props: { fields: ManualFields; errors?: string[]; message?: string },
  status = 200,
): Promise<Response> {
  const { warehouse, isDemo } = await options.warehouse();
  c.status(status as 200);
  return c.render(
    <ListensPage
      {...props}
      listens={isDemo ? [] : await manualListens(warehouse)}
      timezone={options.timezone}
      available={Boolean(options.listens)}
    />,
    { title: "Add a listen" },
  );
}

function emptyFields(c: Context<AppEnv>, options: WebOptions): ManualFields {
  const local = new Intl.DateTimeFormat("sv-SE", {
    timeZone: options.timezone,
    dateStyle: "short",
    timeStyle: "short",
  }).format(options.now()).replace(" ", "T");
  const user = c.var.listener ?? c.var.listeners?.find((name) => name !== "demo") ?? "me";
  return { user, track: "", artist: "", album: "", startedAt: local, duration: "" };
}

async function settledOrLater(options: WebOptions): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    options.listens!.settled(),
    new Promise((resolve) => timer = setTimeout(resolve, SETTLE_WAIT_MS)),
  ]);
  clearTimeout(timer);
}
