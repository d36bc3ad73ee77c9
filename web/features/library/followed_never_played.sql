-- The artists a user follows but never played: how many, and the first $limit names.
select count(*)::integer as total, list(item_name order by item_name)[1:$limit] as names
from library_items($user)
where list = 'followed' and is_current
    and (artist_key is null
        or artist_key not in (select artist_key from library_plays($user) where artist_key is not null))
