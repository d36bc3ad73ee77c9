import assert from "node:assert/strict";
import { Warehouse } from "./duckdb.ts";
import { loadSeeds, parseCsv } from "./seeds.ts";

Deno.test("parseCsv() reads quoted fields, doubled quotes and CRLF", () => {
  assert.deepEqual(parseCsv('a,b\r\n"x, y","say ""hi"""\n\nlast,\n'), [["a", "b"], ["x, y", 'say "hi"'], [
    "last",
    "",
  ]]);
});

Deno.test("loadSeeds() loads every country with its codes and centroid", async () => {
  const warehouse = await Warehouse.open(":memory:");
  try {
    await loadSeeds(warehouse);
    assert.equal(await warehouse.value("select count(*) from seed_countries"), 250);
    assert.equal(await warehouse.value("select count(distinct alpha2) from seed_countries"), 250);
    assert.deepEqual(
      await warehouse.rows("select * from seed_countries where alpha2 in ('IS', 'KR') order by alpha2"),
      [
        {
          alpha2: "IS",
          alpha3: "ISL",
          numeric: "352",
          name: "Iceland",
          region: "Europe",
          subregion: "Northern Europe",
          latitude: "65",
          longitude: "-18",
        },
        {
          alpha2: "KR",
          alpha3: "KOR",
          numeric: "410",
          name: "South Korea",
          region: "Asia",
          subregion: "Eastern Asia",
          latitude: "37",
          longitude: "127.5",
        },
      ],
    );
    assert.equal(await warehouse.value("select count(distinct parent_genre) from seed_genre_parents"), 17);
  } finally {
    warehouse.close();
  }
});
