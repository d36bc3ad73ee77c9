import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "./config.ts";

Deno.test("loadConfig() defaults fit a fresh machine", () => {
  const config = loadConfig({});
  assert.deepEqual(config, {
    dbPath: "data/music_tracker.duckdb",
    demoDbPath: "data/demo.duckdb",
    timezone: "UTC",
    minPlayMs: 30000,
    defaultUser: "me",
    host: "127.0.0.1",
    port: 8080,
    duckdbMemoryLimit: "256MB",
    duckdbThreads: 2,
  });
});

Deno.test("loadConfig() reads and validates every variable", () => {
  const config = loadConfig({
    DUCKDB_PATH: "/srv/music/w.duckdb",
    TIMEZONE: "Europe/Berlin",
    MIN_PLAY_MS: "0",
    PORT: "9000",
    DEFAULT_USER: "ana",
  });
  assert.equal(config.demoDbPath, "/srv/music/demo.duckdb");
  assert.equal(config.timezone, "Europe/Berlin");
  assert.equal(config.minPlayMs, 0);
  assert.equal(config.port, 9000);
  assert.throws(() => loadConfig({ TIMEZONE: "Berlin" }), ConfigError);
  assert.throws(() => loadConfig({ MIN_PLAY_MS: "30s" }), /MIN_PLAY_MS must be a whole number from 0/);
  assert.throws(
    () => loadConfig({ PORT: "70000" }),
    /PORT must be a whole number from 0 to 65535, got "70000"/,
  );
  assert.throws(() => loadConfig({ DUCKDB_MEMORY_LIMIT: "lots" }), /DUCKDB_MEMORY_LIMIT/);
  assert.throws(() => loadConfig({ DEFAULT_USER: "a b" }), /DEFAULT_USER must be/);
});
