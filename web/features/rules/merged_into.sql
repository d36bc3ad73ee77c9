-- Where an artist, track or album ($item, $key) merged into another ended up (following merge rules in a chain,
-- as intermediate/int_rule_merges does for the build); no row when it is not merged. Its page sends there.
with recursive

edges as (
    select
        case when kind = 'merge-artist' then surrogate_key('artist:' || subject) else try_cast(subject as bigint) end
            as from_key,
        case when kind = 'merge-artist' then surrogate_key('artist:' || target) else try_cast(target as bigint) end
            as into_key,
    from rule
    where kind = 'merge-' || $item
),

walk as (
    select into_key, 1 as depth from edges where from_key = $key
    union all
    select edges.into_key, walk.depth + 1 from walk join edges on edges.from_key = walk.into_key where walk.depth < 100
)

select arg_max(into_key, depth)::varchar as into_key from walk having count(*) > 0
