-- The albums of an artist ($key), most played first.
select
    dim_album.album_key as key,
    dim_album.album_name as name,
    count(*) filter (where fct_play.is_counted) as plays,
    coalesce(sum(fct_play.ms_played), 0)::double / 60000 as minutes,
    false as featured,
from dim_album
left join fct_play on fct_play.album_key = dim_album.album_key and not fct_play.is_excluded
where dim_album.artist_key = $key
group by all
order by plays desc, minutes desc, name
limit $limit
