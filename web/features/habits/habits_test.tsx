/** The Habits page on a hand-built history: sessions, streaks and discovery worked out by hand. */
import assert from "node:assert/strict";
import { importPlays, UTC_SETTINGS, withWarehouse } from "../../../tests/test_warehouse.ts";
import { createApp } from "../../app.tsx";
import { factPairs, tableCells } from "../../test_html.ts";
import { listeningSessions, longestSession, type Session } from "./queries.ts";
import { select } from "../../../warehouse/select.ts";
import sessionsFromPlaysSql from "./testdata/sessions_from_plays.sql" with { type: "text" };
import type { Period } from "../../period.ts";
import type { Warehouse } from "../../../warehouse/duckdb.ts";
import { updateMarts } from "../../../warehouse/build.ts";

/** [end of play (UTC), track, artist, seconds]. A play starts `seconds` before it ends. */
const PLAYS: [string, string, string, number][] = [
  ["2024-01-01T10:00:00Z", "A", "X", 60], // session 1: 09:59 – 10:10
  ["2024-01-01T10:10:00Z", "A", "X", 120], // starts 10:08, 8 minutes after the play before
  ["2024-01-01T11:00:00Z", "B", "Y", 60], // starts 10:59, 49 minutes of silence: session 2
  ["2024-01-02T09:00:00Z", "C", "X", 300],
  ["2024-01-03T12:00:00Z", "A", "X", 60],
  ["2024-01-05T12:00:00Z", "D", "Z", 60],
  ["2024-02-10T08:00:00Z", "B", "Y", 60], // Y and B played again 40 days after their first play: stuck
  ["2024-02-11T08:00:00Z", "E", "W", 10], // a skip: a session, but no streak day and no discovery
];

/** Makes the sessions again for another SESSION_GAP_MINUTES, as a change of the setting does. */
async function useSessionGap(warehouse: Warehouse, minutes: number): Promise<void> {
  await warehouse.transaction(() => updateMarts(warehouse, { ...UTC_SETTINGS, sessionGapMinutes: minutes }));
}

/**
 * listeningSessions() of a period (the sessions made at `gap`), asserted equal to those the reference makes from
 * every play (testdata/sessions_from_plays.sql).
 */
async function sessionsAsFromEveryPlay(
  warehouse: Warehouse,
  fromKey: number,
  toKey: number,
  gap: number,
): Promise<Session[]> {
  const made = await listeningSessions(warehouse, { fromKey, toKey } as Period);
  const reference = await select<{ startMs: number; endMs: number; plays: number; minutes: number }>(
    warehouse,
    sessionsFromPlaysSql,
    { from_key: fromKey, to_key: toKey, gap },
  );
  assert.deepEqual(
    made,
    reference.map((r) => ({
      start: new Date(r.startMs),
      end: new Date(r.endMs),
      plays: r.plays,
      minutes: r.minutes,
    })),
    `gap ${gap}, ${fromKey}–${toKey}`,
  );
  return made;
}

/**
 * Imports plays given as [end (UTC), seconds], each a track of its own (`T0`, `T1`, … or the listener's name
 * and the number) by artist X.
 */
function importEnds(warehouse: Warehouse, dir: string, plays: [string, number][], user?: string) {
  return importPlays(
    warehouse,
    dir,
    plays.map(([ts, seconds], i) => ({ ts, track: `${user ?? "T"}${i}`, artist: "X", ms: seconds * 1000 })),
    { user },
  );
}

Deno.test("GET /habits: sessions, streaks and discovery with what stuck, by hand; the session gap is a setting", async () => {
  await withWarehouse(async (warehouse, dir) => {
    await importPlays(
      warehouse,
      dir,
      PLAYS.map(([ts, track, artist, seconds]) => ({
        ts,
        track,
        artist,
        ms: seconds * 1000,
        album: "Record",
      })),
    );
    const app = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
    });

    const html = await (await app.request("/habits?period=2024")).text();
    // Seven sessions: 11, 1, 5, 1, 1, 1 minutes and 10 seconds; eight plays.
    assert.deepEqual(factPairs(html, "sessions-heading").map(([term, value]) => `${term}: ${value}`), [
      "Sessions: 7",
      "Typical length: 1 min (median)",
      "Longest: 11 min",
      "Plays per session: 1.1 on average",
    ]);
    assert.deepEqual(tableCells(html, "sessions-heading")[0], ["under 15 min", "7", "100.0 %"]);
    // Counted days: 1, 2, 3 and 5 January, 10 February (the 11th was a skip); 41 days from first to last.
    assert.deepEqual(factPairs(html, "streaks-heading").map(([term, value]) => `${term}: ${value}`), [
      "Longest streak: 3 days, 2024-01-01 to 2024-01-03",
      "Latest streak: 1 days, 2024-02-10 to 2024-02-10",
      "Days with music: 5 of 41 (12.2 %)",
    ]);
    // January discovers X, Y, Z (Y stuck) and tracks A, B, C, D (B stuck); February discovers nothing counted.
    assert.match(
      html,
      /3 artists and 4 tracks first played in 2024; 33\.3 % of the artists and 25\.0 % of the tracks stuck/,
    );
    assert.deepEqual(tableCells(html, "discovery-heading"), [["2024-01", "3", "1", "4", "1"]]);
    assert.match(html, /<svg[^>]*aria-label="New artists per month"/);

    // With an hour of silence allowed, the first two sessions are one of 61 minutes.
    await useSessionGap(warehouse, 60);
    const hour = createApp({
      warehouse: () => Promise.resolve({ warehouse, isDemo: false }),
      timezone: "UTC",
      sessionGapMinutes: 60,
    });
    const merged = await (await hour.request("/habits?period=2024")).text();
    assert.deepEqual(
      factPairs(merged, "sessions-heading").map(([term, value]) => `${term}: ${value}`).slice(0, 3),
      [
        "Sessions: 6",
        "Typical length: 1 min (median)",
        "Longest: 61 min",
      ],
    );
    assert.deepEqual(tableCells(merged, "sessions-heading")[3], ["1–2 h", "1", "16.7 %"]);
    assert.equal((await app.request("/habits?period=yesterday")).status, 400);
  });
});

Deno.test("listeningSessions(): plays that end at the same moment never split a session, run after run", async () => {
  await withWarehouse(async (warehouse, dir) => {
    // [end (UTC), seconds]: two plays end at 10:10:00; the next starts right then.
    const plays: [string, number][] = [
      ["2024-03-01T10:05:00Z", 300],
      ["2024-03-01T10:10:00Z", 300],
      ["2024-03-01T10:10:00Z", 1],
      ["2024-03-01T10:14:00Z", 240],
      ["2024-03-01T11:00:00Z", 60], // 45 minutes of silence before it started
    ];
    await importEnds(warehouse, dir, plays);
    await useSessionGap(warehouse, 5);
    const expected = [
      {
        start: new Date("2024-03-01T10:00:00Z"),
        end: new Date("2024-03-01T10:14:00Z"),
        plays: 4,
        minutes: 841 / 60,
      },
      {
        start: new Date("2024-03-01T10:59:00Z"),
        end: new Date("2024-03-01T11:00:00Z"),
        plays: 1,
        minutes: 1,
      },
    ];
    for (let run = 0; run < 10; run++) {
      assert.deepEqual(
        await listeningSessions(warehouse, { fromKey: 20240301, toKey: 20240301 } as Period),
        expected,
      );
    }
  });
});

Deno.test("listeningSessions(): a run of plays across midnight is cut by the period; each listener has their own sessions; as made from every play", async () => {
  await withWarehouse(async (warehouse, dir) => {
    // [end (UTC), seconds]. Me: 23:57–23:58, then 23:59–00:02 (one run across midnight), then 00:30–00:31.
    const me: [string, number][] = [
      ["2024-03-01T23:58:00Z", 60],
      ["2024-03-02T00:02:00Z", 180],
      ["2024-03-02T00:30:00Z", 60],
    ];
    // You: 23:50–00:05 (15 minutes, one play across midnight, ending on the 2nd).
    const you: [string, number][] = [["2024-03-02T00:05:00Z", 900]];
    for (const [user, plays] of [["me", me], ["you", you]] as const) {
      await importEnds(warehouse, dir, plays, user);
    }
    const span = (s: { start: Date; end: Date; plays: number }) =>
      `${s.start.toISOString().slice(11, 16)}–${s.end.toISOString().slice(11, 16)} ${s.plays}`;
    const sessions = async (fromKey: number, toKey: number, gap: number) => {
      await useSessionGap(warehouse, gap);
      return (await sessionsAsFromEveryPlay(warehouse, fromKey, toKey, gap)).map(span);
    };
    // Both days, a 5-minute gap: my run is one session; yours overlaps it and is your own.
    assert.deepEqual(await sessions(20240301, 20240302, 5), [
      "23:50–00:05 1",
      "23:57–00:02 2",
      "00:29–00:30 1",
    ]);
    // The 1st alone: the run's first play; the 2nd alone: its second play starts a session of its own.
    assert.deepEqual(await sessions(20240301, 20240301, 5), ["23:57–23:58 1"]);
    assert.deepEqual(await sessions(20240302, 20240302, 5), [
      "23:50–00:05 1",
      "23:59–00:02 1",
      "00:29–00:30 1",
    ]);
    // A 30-minute gap joins my 00:29 play (27 minutes after 00:02) to the run before it.
    assert.deepEqual(await sessions(20240302, 20240302, 30), ["23:50–00:05 1", "23:59–00:30 2"]);
    assert.deepEqual(await sessions(0, 99_991_231, 30), ["23:50–00:05 1", "23:57–00:30 3"]);
  });
});

Deno.test("longestSession(): the longest from first start to last end, the earliest of equally long ones; null without plays", async () => {
  await withWarehouse(async (warehouse, dir) => {
    // [end (UTC), seconds], a 5-minute gap. Sessions: 10:00–10:10 (2 plays), 11:00–11:10 (as long, later),
    // 12:00–12:05; on the 2nd, 09:00–09:20 (one 20-minute play).
    const plays: [string, number][] = [
      ["2024-03-01T10:05:00Z", 300],
      ["2024-03-01T10:10:00Z", 300],
      ["2024-03-01T11:10:00Z", 600],
      ["2024-03-01T12:05:00Z", 300],
      ["2024-03-02T09:20:00Z", 1200],
    ];
    await importEnds(warehouse, dir, plays);
    await useSessionGap(warehouse, 5);
    const longest = (fromKey: number, toKey: number) =>
      longestSession(warehouse, { fromKey, toKey } as Period);
    assert.deepEqual(await longest(20240301, 20240301), {
      start: new Date("2024-03-01T10:00:00Z"),
      end: new Date("2024-03-01T10:10:00Z"),
      plays: 2,
      minutes: 10,
    });
    assert.deepEqual(await longest(20240301, 20240302), {
      start: new Date("2024-03-02T09:00:00Z"),
      end: new Date("2024-03-02T09:20:00Z"),
      plays: 1,
      minutes: 20,
    });
    assert.equal(await longest(20240303, 20240331), null);
    // The one listeningSessions() gives that is longest, earliest first.
    const all = await listeningSessions(warehouse, { fromKey: 20240301, toKey: 20240301 } as Period);
    assert.deepEqual(all.map((s) => +s.end - +s.start), [600_000, 600_000, 300_000]);
  });
});

Deno.test("listeningSessions() equals the sessions made from every play, for any period and gap, on 1,200 irregular plays of two listeners", async () => {
  await withWarehouse(async (warehouse, dir) => {
    // A fixed pseudo-random history (a linear congruential generator): each listener's plays end 0–95 minutes
    // after the one before and last 1 second to 25 minutes, so plays overlap, runs cross midnight and silences
    // fall on both sides of every gap tried.
    let seed = 20261206;
    const next = (below: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % below;
    };
    for (const user of ["me", "you"]) {
      let at = Date.parse("2024-03-01T00:00:00Z");
      const plays: [string, number][] = [];
      for (let i = 0; i < 600; i++) {
        at += next(96) * 60_000 + next(60) * 1000;
        plays.push([new Date(at).toISOString().replace(".000Z", "Z"), 1 + next(1500)]);
      }
      await importEnds(warehouse, dir, plays, user);
    }
    const periods = [[0, 99_991_231], [20240301, 20240301], [20240302, 20240305], [20240310, 20240331]];
    let compared = 0;
    for (const gap of [1, 7, 30, 90]) {
      await useSessionGap(warehouse, gap);
      for (const [fromKey, toKey] of periods) {
        compared += (await sessionsAsFromEveryPlay(warehouse, fromKey, toKey, gap)).length;
      }
    }
    // Enough sessions compared that a wrong edge or join would show (and no gap joins everything).
    assert.ok(compared > 1000, `${compared} sessions compared`);
  });
});
