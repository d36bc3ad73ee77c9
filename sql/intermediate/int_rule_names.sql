-- The rename rules: the name each artist, track or album is shown under (the newest rule for it wins).
select
    split_part(kind, '-', 2) as item,
    case when kind = 'rename-artist' then surrogate_key('artist:' || subject) else try_cast(subject as bigint) end
        as item_key,
    arg_max(target, rule_id) as new_name,
from rule
where kind in ('rename-artist', 'rename-track', 'rename-album')
group by all
