-- The artists a user played most and does not follow.
select plays.artist_key, dim_artist.artist_name as name, count(*)::integer as plays
from library_plays($user) as plays
join dim_artist using (artist_key)
where plays.artist_key not in (
    select artist_key from library_items($user) where list = 'followed' and is_current and artist_key is not null
)
group by all
order by plays desc, name
limit 10
