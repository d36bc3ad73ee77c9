-- The exclusion rules: the artists, tracks, albums and shows left out of statistics, for one listener
-- (`user_name`) or everyone (null). A show is its compared name, as an artist is.
select distinct
    split_part(kind, '-', 2) as item,
    case
        when kind = 'exclude-artist' then surrogate_key('artist:' || subject)
        when kind = 'exclude-show' then surrogate_key('show:' || subject)
        else try_cast(subject as bigint)
    end as item_key,
    user_name,
from rule
where kind in ('exclude-artist', 'exclude-track', 'exclude-album', 'exclude-show')
