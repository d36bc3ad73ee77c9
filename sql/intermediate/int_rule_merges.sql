-- The merge rules resolved: each merged artist, track and album (`item`, `from_key`) and the key it ends up
-- under, following chains (A into B, then B into C: A into C). A rule that would make a cycle is refused when it
-- is made (warehouse/state/rules.ts); the walk stops at 100 steps all the same, so a hand-made one cannot loop.
with recursive

edges as (
    select
        split_part(kind, '-', 2) as item,
        case when kind = 'merge-artist' then surrogate_key('artist:' || subject) else try_cast(subject as bigint) end
            as from_key,
        case when kind = 'merge-artist' then surrogate_key('artist:' || target) else try_cast(target as bigint) end
            as into_key,
        rule_id,
    from rule
    where kind in ('merge-artist', 'merge-track', 'merge-album')
),

-- one rule per merged item: the newest, should the table ever hold two
latest as (
    select item, from_key, arg_max(into_key, rule_id) as into_key from edges
    where from_key is not null and into_key is not null and from_key <> into_key
    group by item, from_key
),

walk as (
    select item, from_key, into_key, 1 as depth from latest
    union all
    select walk.item, walk.from_key, latest.into_key, walk.depth + 1
    from walk
    join latest on latest.item = walk.item and latest.from_key = walk.into_key
    where walk.depth < 100
)

select item, from_key, arg_max(into_key, depth) as into_key
from walk
group by item, from_key
