import assert from "node:assert/strict";
import { loadConfig } from "../config.ts";
import { verifyPassword } from "../lib/passwords.ts";
import { importExports } from "../pipeline/imports/import_exports.ts";
import { EXPORT_EXTENDED, importPlays, UTC_SETTINGS, withWarehouse } from "../tests/test_warehouse.ts";
import { buildMarts } from "./build.ts";
import { changeSetting } from "./settings_change.ts";
import { storedSettings } from "./state/settings.ts";
import { readStates } from "./state/warehouse_state.ts";

/** The local date of the play that ended at 2024-01-01T00:30:00Z, as the marts hold it. */
const newYearPlay = (warehouse: Parameters<typeof storedSettings>[0]) =>
  warehouse.value<number>("select date_key from fct_play where played_at = '2024-01-01T00:30:00Z'");

Deno.test("changeSetting() stores a new TIMEZONE and rebuilds the marts with it in the same transaction", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED], { user: "me", settings: UTC_SETTINGS });
    assert.equal(await newYearPlay(warehouse), 20240101);
    const config = loadConfig({});
    const changed = await changeSetting(warehouse, config, { key: "TIMEZONE", value: "America/New_York" });
    assert.equal(changed.rebuilt, true);
    assert.equal(changed.overridden, false);
    assert.equal(changed.config.timezone, "America/New_York");
    // 00:30 UTC on New Year's Day is 19:30 on New Year's Eve in New York.
    assert.equal(await newYearPlay(warehouse), 20231231);
    assert.equal((await readStates(warehouse, "built_")).get("built_timezone"), "America/New_York");
    // Another setting does not rebuild; forgetting the time zone rebuilds for UTC again.
    const user = await changeSetting(warehouse, changed.config, { key: "DEFAULT_USER", value: "rob" });
    assert.equal(user.rebuilt, false);
    const back = await changeSetting(warehouse, user.config, { key: "TIMEZONE", value: undefined });
    assert.equal(back.rebuilt, true);
    assert.equal(await newYearPlay(warehouse), 20240101);
    assert.deepEqual(await storedSettings(warehouse), { DEFAULT_USER: "rob" });
  });
});

Deno.test("changeSetting(): a new SESSION_GAP_MINUTES makes the sessions again, and only them, as a full build with it does", async () => {
  await withWarehouse(async (warehouse, dir) => {
    // Plays of a minute ending 10:00, 10:10 and 10:30: 9 and 19 minutes of silence between them.
    await importPlays(
      warehouse,
      dir,
      ["10:00", "10:10", "10:30"].map((hm, i) => ({
        ts: `2024-03-01T${hm}:00Z`,
        track: `T${i}`,
        artist: "X",
        ms: 60_000,
      })),
    );
    // A table made again gets a new oid (create or replace).
    const oids = async () =>
      Object.fromEntries(
        (await warehouse.rows<{ name: string; oid: number }>(
          "select table_name as name, table_oid as oid from duckdb_tables() where table_name in ('fct_play', 'agg_play_run', 'agg_session')",
        )).map(({ name, oid }) => [name, oid]),
      );
    const sessions = () => warehouse.rows("select * from agg_session order by all");
    const before = { oids: await oids(), sessions: await sessions() };
    assert.equal(before.sessions.length, 1);
    const changed = await changeSetting(warehouse, loadConfig({}), {
      key: "SESSION_GAP_MINUTES",
      value: "10",
    });
    assert.equal(changed.rebuilt, true);
    assert.equal(changed.config.sessionGapMinutes, 10);
    assert.equal((await readStates(warehouse, "built_")).get("built_session_gap_minutes"), "10");
    const after = { oids: await oids(), sessions: await sessions() };
    assert.equal(after.oids.fct_play, before.oids.fct_play);
    assert.equal(after.oids.agg_play_run, before.oids.agg_play_run);
    assert.notEqual(after.oids.agg_session, before.oids.agg_session);
    // Ten minutes of silence end a session: 09:59–10:10 and 10:29–10:30; a full build with it makes the same.
    assert.deepEqual(after.sessions.map((s) => s.plays), [2, 1]);
    await warehouse.transaction(() => buildMarts(warehouse, { ...UTC_SETTINGS, sessionGapMinutes: 10 }));
    assert.deepEqual(await sessions(), after.sessions);
    // Set back, the first sessions again.
    await changeSetting(warehouse, changed.config, { key: "SESSION_GAP_MINUTES", value: undefined });
    assert.deepEqual(await sessions(), before.sessions);
  });
});

Deno.test("changeSetting() refuses bad values and keys, and changes nothing", async () => {
  await withWarehouse(async (warehouse) => {
    const config = loadConfig({});
    const refusals: [string, string | undefined, RegExp][] = [
      [
        "TIMEZONE",
        "CET+1",
        /TIMEZONE must be an IANA time zone such as "Europe\/Berlin" or "UTC", got "CET\+1"/,
      ],
      [
        "SPOTIFY_CLIENT_ID",
        "my app",
        /SPOTIFY_CLIENT_ID must be your Spotify app's Client ID: 32 characters/,
      ],
      ["ADMIN_PASSWORD", "123456789", /ADMIN_PASSWORD must be at least 10 characters long/],
      ["PORT", "9000", /PORT is read from the environment only .* restart/],
      ["NO_SUCH", "1", /There is no setting "NO_SUCH"/],
      ["NO_SUCH", undefined, /There is no setting "NO_SUCH"/],
      ["SPOTIFY_CLIENT_SECRET", "0123456789abcdef0123456789abcdef", /Set SPOTIFY_CLIENT_ID first/],
      ["INGEST_CRON", "every 5 minutes", /INGEST_CRON is not valid/],
      ["NOTIFY_URL", "javascript:alert(1)", /NOTIFY_URL must be an http\(s\) URL/],
    ];
    for (const [key, value, message] of refusals) {
      await assert.rejects(changeSetting(warehouse, config, { key, value }), message, key);
    }
    assert.deepEqual(await storedSettings(warehouse), {});
  });
});

Deno.test("changeSetting() keeps only a hash of the admin password and of the metrics token", async () => {
  await withWarehouse(async (warehouse) => {
    let config = loadConfig({});
    config =
      (await changeSetting(warehouse, config, { key: "ADMIN_PASSWORD", value: "correct horse battery" }))
        .config;
    config =
      (await changeSetting(warehouse, config, { key: "METRICS_TOKEN", value: "prometheus-token-0123" }))
        .config;
    const stored = await storedSettings(warehouse);
    assert.ok(verifyPassword("correct horse battery", stored.ADMIN_PASSWORD));
    // Its SHA-256, computed here with WebCrypto.
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode("prometheus-token-0123"));
    assert.equal(
      stored.METRICS_TOKEN,
      [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join(""),
    );
    assert.ok(
      !JSON.stringify(stored).includes("correct horse") && !JSON.stringify(stored).includes("prometheus"),
    );
    assert.equal(config.adminPasswordHash, stored.ADMIN_PASSWORD);
    // The environment's value wins over a stored one, and the change says so.
    const env = loadConfig({ TIMEZONE: "Asia/Tokyo" });
    const overridden = await changeSetting(warehouse, env, { key: "TIMEZONE", value: "Europe/Berlin" });
    assert.equal(overridden.overridden, true);
    assert.equal(overridden.config.timezone, "Asia/Tokyo");
    assert.equal((await readStates(warehouse, "built_")).get("built_timezone"), "Asia/Tokyo");
  });
});
