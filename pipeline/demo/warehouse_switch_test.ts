import assert from "node:assert/strict";
import { libraryReport } from "../../web/features/library/queries.ts";
import { join } from "node:path";
import { importExports } from "../imports/import_exports.ts";
import type { Warehouse } from "../../warehouse/duckdb.ts";
import { openWarehouse } from "../../warehouse/migrate.ts";
import { EXPORT_EXTENDED, UTC_SETTINGS } from "../../tests/test_warehouse.ts";
import { WarehouseSwitch } from "./warehouse_switch.ts";

Deno.test("WarehouseSwitch serves a generated demo until the real warehouse has plays, then the real one", async () => {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-switch-" });
  const realPath = join(dir, "music.duckdb");
  const warehouses = new WarehouseSwitch({
    realPath,
    demoPath: join(dir, "demo.duckdb"),
    settings: UTC_SETTINGS,
    demoPlays: 500,
    recheckMs: 0,
    // built on the opening's resources, shown on these
    openOptions: { memoryLimit: "160MB", threads: 2 },
    shownResources: { memoryLimit: "64MB", threads: 1 },
  });
  const resources = (warehouse: Warehouse) =>
    warehouse.rows(
      "select current_setting('memory_limit') as memory_limit, current_setting('threads') as threads",
    );
  try {
    const demo = await warehouses.current();
    assert.equal(demo.isDemo, true);
    assert.deepEqual(await resources(demo.warehouse), [{ memory_limit: "61.0 MiB", threads: 1 }]);
    assert.deepEqual(
      await demo.warehouse.rows(
        "select user_name, count(*) > 400 as many from fct_play join dim_user using (user_key) group by 1",
      ),
      [{ user_name: "demo", many: true }],
    );
    // The demo is enriched with invented answers: every played artist has genres and a country.
    assert.deepEqual(
      await demo.warehouse.rows(
        `select count(*) filter (where origin_location_key is null) as without_origin,
         count(*) filter (where artist_key not in (select artist_key from bridge_artist_genre)) as without_genre
         from dim_artist where artist_key in (select artist_key from fct_play)`,
      ),
      [{ without_origin: 0, without_genre: 0 }],
    );
    // And it has an invented library: liked songs (some never played, as the SQL invents live versions), and
    // followed artists of which exactly the three invented ones were never played.
    const library = await libraryReport(demo.warehouse, "demo");
    assert.ok(library.likedTracks > library.savedNeverPlayed.total);
    assert.ok(library.savedNeverPlayed.latest.every((track) => track.name.endsWith(" (Live)")));
    assert.deepEqual(library.followedNeverPlayed.names, [
      "Nobody’s Choir",
      "Silent Radio",
      "The Unheard Quartet",
    ]);
    assert.equal(library.ownPlaylists, 4);
    // The real warehouse is not created by serving the demo, so an import can open it.
    assert.equal(await Deno.stat(realPath).then(() => true, () => false), false);

    const real = await openWarehouse(realPath, UTC_SETTINGS);
    await importExports(real, [EXPORT_EXTENDED], { user: "me", settings: UTC_SETTINGS });
    real.close();

    const now = await warehouses.current();
    assert.equal(now.isDemo, false);
    assert.deepEqual(await resources(now.warehouse), [{ memory_limit: "61.0 MiB", threads: 1 }]);
    assert.deepEqual(
      await now.warehouse.rows(
        "select user_name, count(*) as plays from fct_play join dim_user using (user_key) group by 1",
      ),
      [{ user_name: "me", plays: 10 }],
    );
  } finally {
    warehouses.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("WarehouseSwitch.withReal() works on the real warehouse without leaving the demo", async () => {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-switch-" });
  const warehouses = new WarehouseSwitch({
    realPath: join(dir, "music.duckdb"),
    demoPath: join(dir, "demo.duckdb"),
    settings: UTC_SETTINGS,
    demoPlays: 300,
    recheckMs: 60_000,
  });
  try {
    assert.equal((await warehouses.current()).isDemo, true);
    const plays = await warehouses.withReal((real) => real.value<number>("select count(*) from fct_play"));
    assert.equal(plays, 0);
    assert.equal((await warehouses.current()).isDemo, true, "still the demo");
    await warehouses.real();
    assert.equal((await warehouses.current()).isDemo, false);
    // A failed first import from the browser: the real warehouse is still empty, so the demo comes back.
    assert.equal(await warehouses.showDemoIfEmpty(), true);
    assert.equal((await warehouses.current()).isDemo, true);
    // A Spotify connection makes the real warehouse the user's, plays or not.
    const real = await warehouses.real();
    await real.run(
      "insert into spotify_connection (user_name, status, connected_at, updated_at) values ('me', 'connected', now(), now())",
    );
    assert.equal(await warehouses.showDemoIfEmpty(), false);
    assert.equal((await warehouses.current()).isDemo, false);
  } finally {
    warehouses.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the demo history ends on the day the demo warehouse is made, and a demo older than a week is made again", async () => {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-switch-" });
  let now = new Date("2026-12-15T18:30:00Z");
  const options = {
    realPath: join(dir, "music.duckdb"),
    demoPath: join(dir, "demo.duckdb"),
    settings: UTC_SETTINGS,
    demoPlays: 3_000,
    recheckMs: 60_000,
    now: () => now,
  };
  const newest = async (warehouses: WarehouseSwitch) => {
    const { warehouse } = await warehouses.current();
    const [row] = await warehouse.rows<{ newest: Date; december: number }>(
      `select max(played_at) as newest, count(*) filter (where played_at >= '2026-12-01') as december
       from fct_play`,
    );
    return row;
  };
  try {
    let warehouses = new WarehouseSwitch(options);
    const made = await newest(warehouses);
    warehouses.close();
    // The export is dated 2026-12-18: sessions start up to the 15th, and nothing ends after 18:30 that day.
    assert.ok(made.newest.toISOString() <= "2026-12-15T18:30:00.000Z", made.newest.toISOString());
    assert.ok(made.newest.toISOString() >= "2026-12-12", made.newest.toISOString());
    assert.ok(made.december > 20, `${made.december} plays in December`);
    // Six days later the same demo is kept; eight days after its last play it is made again, ending then.
    now = new Date("2026-12-21T10:00:00Z");
    warehouses = new WarehouseSwitch(options);
    assert.deepEqual(await newest(warehouses), made);
    warehouses.close();
    now = new Date(made.newest.getTime() + 8 * 86_400_000);
    warehouses = new WarehouseSwitch(options);
    const again = await newest(warehouses);
    warehouses.close();
    assert.ok(again.newest > made.newest && again.newest <= now, again.newest.toISOString());
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
