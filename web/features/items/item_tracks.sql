-- The tracks of an artist or album ($kind, $key), most played first; for an artist also the tracks it is
-- featured on (from Spotify's credits, once enriched).
with

tracks as (
    select track_key, false as featured from dim_track
    where case $kind when 'artist' then artist_key else album_key end = $key
    union all
    select track_key, true from bridge_track_artist where $kind = 'artist' and artist_key = $key and not is_primary
),

-- each track's sums per listener (agg_item: music, excluded plays left out)
listened as (
    select item_key as track_key, sum(counted_plays)::bigint as plays, sum(ms_played)::double as ms
    from agg_item
    where kind = 'track' and item_key in (select track_key from tracks)
    group by all
)

select
    dim_track.track_key as key,
    dim_track.track_name as name,
    coalesce(listened.plays, 0) as plays,
    coalesce(listened.ms, 0) / 60000 as minutes,
    bool_or(tracks.featured) as featured,
from tracks
join dim_track using (track_key)
left join listened using (track_key)
group by all
order by plays desc, minutes desc, name
limit $limit
