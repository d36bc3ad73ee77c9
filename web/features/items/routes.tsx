/**
 * Artist, track and album pages (`/artists/<key>`, `/tracks/<key>`, `/albums/<key>`). Keys are the marts'
 * surrogate keys, stable across rebuilds.
 */
import { Hono } from "hono";
import type { AppEnv, FeatureDeps } from "../../env.ts";
import { parseKey } from "../../request.ts";
import { DetailPage } from "./page.tsx";
import { artistAlbums, type DetailKind, itemDetail, itemMonthly, itemTracks } from "./queries.ts";
import { mergedInto } from "../rules/queries.ts";

/** The routes of one kind of item, mounted at `/artists`, `/tracks` or `/albums`. */
export function itemRoutes({ analysis, options }: FeatureDeps, kind: DetailKind): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(...analysis);

  app.get("/:key", async (c) => {
    const { warehouse } = c.var;
    const param = c.req.param("key");
    // Keys are 60-bit: read as bigint, since a JS number would round them.
    const key = parseKey(param);
    const item = key === undefined ? undefined : await itemDetail(warehouse, kind, key);
    // One merged into another (a rule) is shown as that one: its page is there.
    const into = !item && key !== undefined ? await mergedInto(warehouse, kind, key) : undefined;
    if (into) return c.redirect(`/${kind}s/${into}`, 302);
    if (!item || key === undefined) {
      c.status(404);
      return c.render(
        <>
          <h1>Not found</h1>
          <p>
            No {kind} has the key “{param}” in this warehouse.{" "}
            <a href={`/top/${kind}s`}>See the top {kind}s</a>.
          </p>
        </>,
        { title: "Not found" },
      );
    }
    const [months, tracks, albums] = await Promise.all([
      itemMonthly(warehouse, kind, key),
      kind === "track" ? [] : itemTracks(warehouse, kind, key),
      kind === "artist" ? artistAlbums(warehouse, key) : [],
    ]);
    return c.render(<DetailPage {...{ item, months, tracks, albums }} timezone={options.timezone} />, {
      title: item.name,
    });
  });

  return app;
}
