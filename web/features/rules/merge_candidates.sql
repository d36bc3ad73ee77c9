-- What an artist, track or album ($item, $key) could be merged into: the others of its kind whose name (or, for
-- tracks and albums, whose artist's name) holds $search, most played first, with what a rule names each by.
-- Plays are everyone's counted ones.
with

plays as (
    select item_key as key, sum(counted_plays) as plays from agg_item where kind = $item group by all
),

items as (
    select 'artist' as item, artist_key as key, artist_name as name, artist_name_compared as identity, null as "by"
    from dim_artist
    union all
    select 'track', track_key, track_name, track_key::varchar, artist_name
    from dim_track left join dim_artist using (artist_key)
    union all
    select 'album', album_key, album_name, album_key::varchar, artist_name
    from dim_album left join dim_artist using (artist_key)
)

select items.key, items.name, items.identity, items.by, coalesce(plays.plays, 0) as plays,
from items
left join plays using (key)
where items.item = $item and items.key <> $key
    and (contains(lower(items.name), lower($search)) or contains(lower(coalesce(items.by, '')), lower($search)))
order by plays desc, items.name
limit 20
