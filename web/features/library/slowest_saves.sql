-- A user's songs liked a month or more after their first play, the slowest first.
select
    name,
    artist,
    album,
    added_at,
    first_played_at,
    plays,
    floor(ms_to_save / 86400000::bigint)::integer as days_to_save,
from library_liked_use($user)
where plays > 0 and ms_to_save >= 30 * 86400000::bigint
order by days_to_save desc, name
limit 10
