/**
 * The first-run setup (`/setup`): a step per page, each stored through the same settings as the Settings page
 * and applied at once. Served beyond this machine without an admin password, only `/setup?token=…` (the
 * one-time link `serve` printed) and then the password step are served (web/middleware/access.ts).
 */
import { type Context, Hono } from "hono";
import { setCookie } from "hono/cookie";
import { UserError } from "../../../lib/errors.ts";
import type { AppEnv, FeatureDeps, SpotifyCheck } from "../../env.ts";
import { SETUP_COOKIE } from "../../middleware/access.ts";
import { changeSetting, field } from "../../settings_change.ts";
import {
  SetupOverview,
  type SetupProps,
  SetupStep,
  type Step,
  type StepId,
  type StepProps,
} from "./page.tsx";

const TITLES: Record<StepId, string> = {
  timezone: "Your time zone",
  password: "An admin password",
  spotify: "Connect Spotify (optional)",
  musicbrainz: "Genres and countries: MusicBrainz (optional)",
  import: "Your Spotify export",
};

export function setupRoutes(deps: FeatureDeps): Hono<AppEnv> {
  const { options } = deps;
  const app = new Hono<AppEnv>();
  app.use(async function setupFrame(c, next) {
    c.set("isDemo", false);
    c.set("bare", !c.var.signedIn && Boolean(options.exposed) && !options.auth);
    await next();
  });

  /** The steps of this server: the password only when it can be reached from other machines. */
  const steps = async (): Promise<Step[]> => {
    const settings = options.settings?.list() ?? [];
    const isSet = (key: string) => settings.find((setting) => setting.key === key)?.source !== "default";
    // Reachable from other machines, the password comes first (the printed link leads to it).
    const ids: StepId[] = [
      ...(options.exposed ? ["password" as const] : []),
      "timezone",
      "spotify",
      "musicbrainz",
      "import",
    ];
    const hasPlays = !(await options.warehouse()).isDemo;
    return ids.map((id) => ({
      id,
      title: TITLES[id],
      done: id === "import" ? hasPlays : isSet(
        {
          timezone: "TIMEZONE",
          password: "ADMIN_PASSWORD",
          spotify: "SPOTIFY_CLIENT_ID",
          musicbrainz: "MUSICBRAINZ_CONTACT",
        }[id],
      ),
    }));
  };

  const show = async (
    c: Context<AppEnv>,
    step: StepId,
    extra: Partial<StepProps> = {},
    status = 200,
  ) => {
    const all = await steps();
    const index = all.findIndex((candidate) => candidate.id === step);
    if (index < 0) return c.notFound();
    const settings = options.settings?.list() ?? [];
    const props: StepProps = { steps: all, settings, step, next: all[index + 1]?.id, ...extra };
    if (step === "spotify") {
      props.spotify = {
        redirectUri: settings.find((setting) => setting.key === "SPOTIFY_REDIRECT_URI")?.value ?? "",
        origin: new URL(c.req.url).origin,
        configured: Boolean(options.spotify),
        ...extra.spotify,
      };
    }
    if (step === "import" && options.importer) {
      props.maxUploadMb = Math.round(options.importer.maxUploadBytes / 2 ** 20);
    }
    c.status(status as 200);
    return c.render(<SetupStep {...props} />, { title: "Setup" });
  };
  const refuse = (c: Context<AppEnv>, step: StepId, error: unknown, extra: Partial<StepProps> = {}) => {
    if (!(error instanceof UserError)) throw error;
    return show(c, step, {
      ...extra,
      message: { kind: "error", text: `Nothing was changed: ${error.message}` },
    }, 400);
  };

  app.get("/", async (c) => {
    const token = c.req.query("token");
    if (token !== undefined) return redeem(c, token);
    if (!options.settings) return c.text("Settings cannot be changed on this server", 404);
    const props: SetupProps = { steps: await steps(), settings: options.settings.list() };
    return c.render(<SetupOverview {...props} />, { title: "Setup" });
  });

  /** The printed link, once: a setup session for this browser, then the password step (the token leaves the URL). */
  const redeem = (c: Context<AppEnv>, token: string) => {
    const session = options.setupLink?.redeem(token);
    if (!session) {
      c.status(403);
      return c.render(
        <>
          <h1>This setup link does not work</h1>
          <p>
            It was used already, or is not this server's. Restart the server for a new one (it prints the link
            in its log), or set the password on the server with{" "}
            <code>deno task cli settings set ADMIN_PASSWORD -</code>.
          </p>
        </>,
        { title: "Setup" },
      );
    }
    const secure = new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https";
    setCookie(c, SETUP_COOKIE, session, { httpOnly: true, sameSite: "Strict", secure, path: "/setup" });
    return c.redirect("/setup/password", 303);
  };

  /** Stores one setting from a step's form, then on to the next step. */
  const store = (step: StepId, key: string) => async (c: Context<AppEnv>) => {
    const body = await c.req.parseBody();
    try {
      await changeSetting(c, deps, { key, value: field(body, "value") });
    } catch (error) {
      return refuse(c, step, error);
    }
    return c.redirect(await nextOf(step), 303);
  };
  /** The step after `step`, passing over a password already set (it is asked for once). */
  const nextOf = async (step: StepId) => {
    const all = await steps();
    const next = all.slice(all.findIndex((candidate) => candidate.id === step) + 1)
      .find((candidate) => candidate.id !== "password" || !candidate.done);
    return next ? `/setup/${next.id}` : "/";
  };

  app.post("/timezone", store("timezone", "TIMEZONE"));
  app.post("/musicbrainz", store("musicbrainz", "MUSICBRAINZ_CONTACT"));

  app.post("/password", async (c) => {
    const body = await c.req.parseBody();
    const linkOnly = !options.auth && !c.var.signedIn;
    if (field(body, "password") !== field(body, "repeat")) {
      return refuse(c, "password", new UserError("the two passwords differ"), { linkOnly });
    }
    try {
      await changeSetting(c, deps, { key: "ADMIN_PASSWORD", value: field(body, "password") });
    } catch (error) {
      return refuse(c, "password", error, { linkOnly });
    }
    // Signed in now: on to the other steps (from the link, by way of the list of them).
    return c.redirect(linkOnly ? "/setup" : await nextOf("password"), 303);
  });

  /** The Spotify step: the client id saved, then checked at once. */
  app.post("/spotify", async (c) => {
    const body = await c.req.parseBody();
    try {
      await changeSetting(c, deps, { key: "SPOTIFY_CLIENT_ID", value: field(body, "value") });
    } catch (error) {
      return refuse(c, "spotify", error);
    }
    return show(c, "spotify", { spotify: await check() });
  });
  app.post("/spotify/reset", async (c) => {
    await changeSetting(c, deps, { key: "SPOTIFY_CLIENT_ID", value: undefined });
    return c.redirect("/setup/spotify", 303);
  });
  app.post("/spotify/check", async (c) => show(c, "spotify", { spotify: await check() }));
  const check = async (): Promise<NonNullable<StepProps["spotify"]>> => {
    const checks: SpotifyCheck[] | undefined = options.spotify && options.checkSpotify
      ? await options.checkSpotify()
      : undefined;
    return { checks } as NonNullable<StepProps["spotify"]>;
  };

  app.post("/finish", async (c) => {
    await options.firstRun?.finish();
    return c.redirect("/", 303);
  });

  app.get("/:step", (c) => {
    const step = c.req.param("step") as StepId;
    if (!(step in TITLES)) return c.notFound();
    return show(c, step, { linkOnly: step === "password" && !options.auth && Boolean(options.exposed) });
  });

  return app;
}
