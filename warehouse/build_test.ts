import assert from "node:assert/strict";
import { importExports } from "../pipeline/imports/import_exports.ts";
import { readSql } from "./sql_files.ts";
import {
  EXPORT_EXTENDED,
  UTC_SETTINGS,
  warehouseFingerprint,
  withWarehouse,
} from "../tests/test_warehouse.ts";
import {
  buildMarts,
  DataTestError,
  ENRICHMENT_MODELS,
  LIBRARY_MODELS,
  MODELS,
  runDataTests,
} from "./build.ts";

Deno.test("clean_name() and compared_name() normalise NFC and trim every kind of Unicode white space", async () => {
  await withWarehouse(async (warehouse) => {
    const cases: [string, string | null, string | null][] = [
      ["Bjo\u0308rk", "Björk", "björk"], // NFD
      ["\u00a0Sigur Rós\u2007", "Sigur Rós", "sigur rós"], // no-break and figure spaces
      ["\u3000東京事変\u3000", "東京事変", "東京事変"], // ideographic space
      ["\t\u000bNew\u2003Order\u0085\r\n", "New\u2003Order", "new\u2003order"], // inner spaces stay
      ["\ufeffBOM", "BOM", "bom"],
      ["ПРИВЕТ", "ПРИВЕТ", "привет"],
      ["\u00a0 \u2028", null, null], // nothing left
      ["\u200bzero width\u200b", "\u200bzero width\u200b", "\u200bzero width\u200b"], // not white space
    ];
    for (const [input, clean, compared] of cases) {
      const [row] = await warehouse.rows("select clean_name($1) as clean, compared_name($1) as compared", [
        input,
      ]);
      assert.deepEqual(row, { clean, compared }, JSON.stringify(input));
    }
  });
});

Deno.test("data tests name the failing test and its offending rows; a rollback keeps the previous marts", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED], { user: "me", settings: UTC_SETTINGS });
    assert.deepEqual(await runDataTests(warehouse), []);
    const before = await warehouseFingerprint(warehouse);
    // The models cannot produce a bad row from any raw input (that is what the tests guard), so a duplicate
    // play is written into the freshly built marts by hand, inside the transaction.
    await assert.rejects(
      () =>
        warehouse.transaction(async () => {
          await buildMarts(warehouse, UTC_SETTINGS);
          await warehouse.run("insert into fct_play select * from fct_play limit 1");
          const failures = await runDataTests(warehouse);
          throw new DataTestError(failures);
        }),
      (error: DataTestError) => {
        // The duplicate breaks the keys, and the aggregate marts (built before it) no longer sum as fct_play.
        assert.deepEqual(error.failures.map((failure) => [failure.test, failure.rowCount]), [
          ["aggregates_match_plays", 1],
          ["fct_play_keys_unique", 1],
        ]);
        assert.match(error.message, /fct_play_keys_unique: 1 offending row\(s\), e\.g\. \[\{"play_key":/);
        return true;
      },
    );
    assert.equal(await warehouseFingerprint(warehouse), before);
  });
});

Deno.test("after an append, play keys are checked for the plays it added only (sql/incremental/tests)", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED], { user: "me", settings: UTC_SETTINGS });
    const keyFailures = async (options: { standIns?: string }) =>
      (await runDataTests(warehouse, options)).filter((failure) => failure.test === "fct_play_keys_unique")
        .map((failure) => failure.rowCount);
    await warehouse.run("begin transaction");
    try {
      // The append added the first play again (its key twice), and an old play is repeated besides.
      await warehouse.run(
        "create or replace temp table new_play as select * from fct_play order by play_key limit 1",
      );
      await warehouse.run("insert into fct_play select * from new_play");
      assert.deepEqual(await keyFailures({ standIns: "incremental/tests" }), [1]);
      await warehouse.run(
        "insert into fct_play select * from fct_play where play_key not in (select play_key from new_play) limit 1",
      );
      // The stand-in sees the added key only; the whole test, run by every build and doctor, both.
      assert.deepEqual(await keyFailures({ standIns: "incremental/tests" }), [1]);
      assert.deepEqual(await keyFailures({}), [2]);
    } finally {
      await warehouse.run("rollback");
    }
  });
});

Deno.test("an append's stand-in for a test of each play is that test over the plays it added, word for word", async () => {
  const statement = (sql: string) => sql.split("\n").filter((line) => !line.startsWith("--")).join("\n");
  for (const name of ["fct_play_accepted_values", "fct_play_not_null", "fct_play_relationships"]) {
    const test = statement(await readSql(`tests/${name}.sql`));
    assert.equal(
      statement(await readSql(`incremental/tests/${name}.sql`)),
      test.replaceAll(/\bfct_play\b/g, "new_play"),
    );
  }
});

Deno.test("a model file is named for the table or view it makes, a patch for the earlier table it changes", () => {
  const tables: string[] = [];
  for (const model of [...MODELS, ...ENRICHMENT_MODELS, ...LIBRARY_MODELS]) {
    const name = model.path.split("/").pop()!;
    const patched = /^patch_(\w+?)__\w+$/.exec(name)?.[1];
    assert.equal(model.materialized === "patch", patched !== undefined, model.path);
    if (patched) assert.ok(tables.includes(patched), `${model.path} changes a table made before it`);
    else if (model.materialized.endsWith("table")) tables.push(name);
  }
});
