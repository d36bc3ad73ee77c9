-- When a user's liked songs were saved against the start of their first counted play, counted by bucket: 0
-- before it, 1 the same day, 2 within a month, 3 within a year, 4 later, 5 not played yet.
select
    case
        when plays = 0 then 5
        when added_at is null or ms_to_save < 0 then 0
        when ms_to_save < 86400000::bigint then 1
        when ms_to_save < 30 * 86400000::bigint then 2
        when ms_to_save < 365 * 86400000::bigint then 3
        else 4
    end as bucket,
    count(*)::integer as tracks,
from library_liked_use($user)
group by bucket
