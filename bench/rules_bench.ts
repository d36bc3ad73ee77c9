/**
 * Rules: 10,000 of them on a copy of the 350k warehouse (merges, renames and exclusions of tracks, albums and
 * artists, written straight into the rule table), then a full build and one `rules add` as a user runs them,
 * against the same build without rules. Goals: the build with rules in the import's memory (≤ 300 MB) and at most
 * 1.25x the build without; a rule added (its rebuild included) within 1.5x a plain build.
 */
import { join } from "node:path";
import { Warehouse } from "../warehouse/duckdb.ts";
import { OUT_DIR } from "./bench_input.ts";
import type { Report } from "./figures.ts";
import { runMain } from "./process.ts";

/**
 * 10,000 rules over the synthetic catalogue (6,651 tracks, 959 albums, 320 artists at 350k plays): merges, renames
 * and exclusions (for everyone and for the listener) of about two thirds of every kind of item. No chains, no
 * cycles, every target played, nothing renamed or excluded that is merged away.
 */
const TEN_THOUSAND_RULES = `
insert into rule
with
listener as (select min(user_name) as name from dim_user),
tracks as (select track_key::varchar as k, row_number() over (order by track_key) as n from dim_track),
albums as (select album_key::varchar as k, row_number() over (order by album_key) as n from dim_album),
artists as (select artist_name_compared as k, row_number() over (order by artist_key) as n from dim_artist),
made as (
    select 'merge-track' as kind, a.k as subject, b.k as target, null as who
    from tracks a join tracks b on b.n = a.n + 2000 where a.n <= 2000
    union all select 'rename-track', k, 'Renamed track ' || n, null from tracks where n between 2001 and 6000
    union all select 'exclude-track', k, null, (select name from listener) from tracks where n between 2001 and 4000
    union all select 'exclude-track', k, null, null from tracks where n between 6001 and 6600
    union all select 'merge-album', a.k, b.k, null from albums a join albums b on b.n = a.n + 300 where a.n <= 300
    union all select 'rename-album', k, 'Renamed album ' || n, null from albums where n between 301 and 900
    union all select 'exclude-album', k, null, (select name from listener) from albums where n between 301 and 600
    union all select 'exclude-album', k, null, null from albums where n between 901 and 950
    union all select 'merge-artist', a.k, b.k, null from artists a join artists b on b.n = a.n + 100 where a.n <= 100
    union all select 'rename-artist', k, 'Renamed artist ' || n, null from artists where n between 101 and 300
    union all select 'exclude-artist', k, null, (select name from listener) from artists where n between 101 and 200
    union all select 'exclude-artist', k, null, null from artists where n between 301 and 320
)
select row_number() over (), kind, subject, target, subject, target, who, now() from made
`;

export async function rulesSection(report: Report, db: string): Promise<void> {
  report.say("\nRules: 10,000 rules on the 350k warehouse");
  const dir = await Deno.makeTempDir({ dir: OUT_DIR, prefix: "rules-" });
  const copy = join(dir, "bench.duckdb");
  try {
    await Deno.copyFile(db, copy);
    // once to bring marts made by other models up to date (opening then builds them first), then timed
    await runMain(["build", "--db", copy]);
    const plain = await runMain(["build", "--db", copy]);
    const warehouse = await Warehouse.open(copy);
    let rules: number;
    try {
      await warehouse.run(TEN_THOUSAND_RULES);
      rules = await warehouse.value<number>("select count(*) from rule");
    } finally {
      warehouse.close();
    }
    if (rules < 10_000) throw new Error(`Made only ${rules} rules: the warehouse has too few items`);
    const ruled = await runMain(["build", "--db", copy]);
    const added = await runMain(["rules", "add", "exclude-album", await anAlbum(copy), "--db", copy]);
    report.add({ section: "rules", name: "full build, no rules", value: plain.wallMs / 1000, unit: "s" });
    report.add({
      section: "rules",
      name: `full build, ${rules.toLocaleString("en-US")} rules`,
      value: ruled.wallMs / 1000,
      unit: "s",
      max: Math.round(plain.wallMs * 1.25) / 1000,
      note: "goal: 1.25x the build without",
    });
    report.add({
      section: "rules",
      name: "full build with rules, peak RSS",
      value: ruled.peakRssMb,
      unit: "MB",
      max: 300,
      note: `${plain.peakRssMb} MB without`,
    });
    report.add({
      section: "rules",
      name: "rules add (its rebuild included)",
      value: added.wallMs / 1000,
      unit: "s",
      max: Math.round(plain.wallMs * 1.5) / 1000,
      note: `peak ${added.peakRssMb} MB; goal: 1.5x a plain build`,
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** An album no rule names yet. */
async function anAlbum(db: string): Promise<string> {
  const warehouse = await Warehouse.open(db, { readOnly: true });
  try {
    return String(
      await warehouse.value(
        "select max(album_key) from dim_album where album_key::varchar not in (select subject from rule)",
      ),
    );
  } finally {
    warehouse.close();
  }
}
