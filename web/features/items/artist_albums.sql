-- The albums of an artist ($key), most played first: their sums per listener (agg_item: music, excluded plays
-- left out).
select
    dim_album.album_key as key,
    dim_album.album_name as name,
    coalesce(sum(agg_item.counted_plays), 0)::bigint as plays,
    coalesce(sum(agg_item.ms_played), 0)::double / 60000 as minutes,
    false as featured,
from dim_album
left join agg_item on agg_item.kind = 'album' and agg_item.item_key = dim_album.album_key
where dim_album.artist_key = $key
group by all
order by plays desc, minutes desc, name
limit $limit
