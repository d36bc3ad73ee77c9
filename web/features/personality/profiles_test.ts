import assert from "node:assert/strict";
import { profiles, type YearFeatures } from "./profiles.ts";

function year(n: number, night: number, discovery: number, skips = 0.2): YearFeatures {
  return {
    userName: "me",
    year: 2010 + n,
    plays: 1000,
    values: { night, morning: 0.3, diversity: 10, discovery, replay: 3, skips },
  };
}

Deno.test("profiles() groups years by what sets them apart and names each group after its two strongest features", () => {
  // Three night years that discover a lot, three day years that stay loyal; the rest identical.
  const years = [
    year(0, 0.6, 0.5),
    year(1, 0.1, 0.1),
    year(2, 0.65, 0.45),
    year(3, 0.12, 0.08),
    year(4, 0.55, 0.55),
    year(5, 0.08, 0.12, Number.NaN),
  ];
  const found = profiles(years, { k: 2 });
  assert.deepEqual(
    found.map((profile) => [profile.name, profile.members.map((i) => years[i].year)]),
    [["night owl, explorer", [2010, 2012, 2014]], ["daytime listener, loyal", [2011, 2013, 2015]]],
  );
  // The centre is the plain average of the members: (0.6 + 0.65 + 0.55) / 3 = 0.6.
  assert.equal(Math.round(found[0].centre.night * 1000) / 1000, 0.6);
  // An unknown skip rate takes the mean of the known ones (0.2), so skips separate nothing.
  assert.equal(Math.round(found[1].centre.skips * 1000) / 1000, 0.2);
  assert.equal(Math.abs(found[0].z.skips) < 1e-9, true);
});

Deno.test("profiles() needs three years, and never makes more profiles than years", () => {
  assert.deepEqual(profiles([year(0, 0.5, 0.5), year(1, 0.1, 0.1)]), []);
  assert.equal(profiles([year(0, 0.5, 0.5), year(1, 0.1, 0.1), year(2, 0.3, 0.3)], { k: 5 }).length, 3);
});
