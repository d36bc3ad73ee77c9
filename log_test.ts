import assert from "node:assert/strict";
import { Logger } from "./log.ts";

function capture(options: ConstructorParameters<typeof Logger>[0] = {}) {
  const lines: string[] = [];
  const logger = new Logger({
    format: "json",
    now: () => new Date("2026-11-22T02:00:00Z"),
    write: (line) => lines.push(line),
    ...options,
  });
  return { logger, lines };
}

Deno.test("Logger writes one JSON object per line with level, time, job, message and fields", () => {
  const { logger, lines } = capture();
  logger.with({ job: "etl" }).info("succeeded", { runId: 4, plays: 10 });
  assert.deepEqual(lines.map((line) => JSON.parse(line)), [
    {
      level: "info",
      time: "2026-11-22T02:00:00.000Z",
      job: "etl",
      runId: 4,
      plays: 10,
      message: "succeeded",
    },
  ]);
});

Deno.test("Logger drops records below its level", () => {
  const { logger, lines } = capture({ level: "warn" });
  logger.debug("a");
  logger.info("b");
  logger.warn("c");
  logger.error("d");
  assert.deepEqual(lines.map((line) => JSON.parse(line).message), ["c", "d"]);
});

Deno.test("Logger redacts secrets in fields and bearer tokens in text", () => {
  const { logger, lines } = capture();
  logger.info("refreshed with Authorization: Bearer abc.DEF-123", {
    refresh_token: "AQD-secret",
    nested: { clientSecret: "s3cr3t", scope: "user-read-recently-played" },
    password: "",
  });
  const record = JSON.parse(lines[0]);
  assert.equal(record.message, "refreshed with Authorization: Bearer [redacted]");
  assert.equal(record.refresh_token, "[redacted]");
  assert.deepEqual(record.nested, { clientSecret: "[redacted]", scope: "user-read-recently-played" });
  assert.ok(
    !lines[0].includes("AQD-secret") && !lines[0].includes("s3cr3t") && !lines[0].includes("abc.DEF"),
  );
});

Deno.test("Logger redacts listen tokens as players send them, in a header or a query", () => {
  const { logger, lines } = capture();
  const token = "3b851ecc-474d-44eb-a4d0-db3bbb5ef8b8";
  logger.warn(`refused Authorization: Token ${token}`, {
    url: `/apis/listenbrainz/1/validate-token?token=${token}`,
  });
  logger.warn(`refused authorization: token ${token}`);
  assert.ok(lines.every((line) => !line.includes(token)), lines.join("\n"));
  assert.equal(JSON.parse(lines[0]).message, "refused Authorization: Token [redacted]");
  assert.equal(JSON.parse(lines[0]).url, "/apis/listenbrainz/1/validate-token?token=[redacted]");
});

Deno.test("Logger writes readable lines for a terminal", () => {
  const { logger, lines } = capture({ format: "text" });
  logger.with({ job: "etl" }).warn("failed, will retry", { attempt: 1 });
  assert.equal(lines[0], "02:00:00 WARN  [etl] failed, will retry attempt=1");
});
