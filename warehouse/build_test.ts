import assert from "node:assert/strict";
import { importExports } from "../pipeline/imports/import_exports.ts";
import { ADDED_PLAYS } from "./append.ts";
import {
  EXPORT_EXTENDED,
  UTC_SETTINGS,
  warehouseFingerprint,
  withWarehouse,
} from "../tests/test_warehouse.ts";
import {
  type AddedPlays,
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

Deno.test("after an append, the data tests look at the plays it added: their keys, and each of them on its own", async () => {
  await withWarehouse(async (warehouse) => {
    await importExports(warehouse, [EXPORT_EXTENDED], { user: "me", settings: UTC_SETTINGS });
    const failures = async (options: { added?: AddedPlays }) =>
      Object.fromEntries(
        (await runDataTests(warehouse, options))
          .filter((failure) => ["fct_play_keys_unique", "fct_play_relationships"].includes(failure.test))
          .map((failure) => [failure.test, failure.rowCount]),
      );
    await warehouse.run("begin transaction");
    try {
      // The append added a play under a key fct_play had, of a listener dim_user does not know.
      await warehouse.run(
        "create or replace temp table new_play as " +
          "select * replace (12345::bigint as user_key) from fct_play order by play_key limit 1",
      );
      await warehouse.run("insert into fct_play select * from new_play");
      assert.deepEqual(await failures({ added: ADDED_PLAYS }), {
        fct_play_keys_unique: 1,
        fct_play_relationships: 1,
      });
      // An old play broken the same way: only the whole tests (every build, and doctor) see it.
      await warehouse.run(
        "insert into fct_play select * replace (12345::bigint as user_key) from fct_play " +
          "where play_key not in (select play_key from new_play) limit 1",
      );
      assert.deepEqual(await failures({ added: ADDED_PLAYS }), {
        fct_play_keys_unique: 1,
        fct_play_relationships: 1,
      });
      assert.deepEqual(await failures({}), { fct_play_keys_unique: 2, fct_play_relationships: 2 });
    } finally {
      await warehouse.run("rollback");
    }
  });
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
