-- The tracks of an artist or album ($kind, $key), most played first; for an artist also the tracks it is
-- featured on (from Spotify's credits, once enriched).
with

tracks as (
    select track_key, false as featured from dim_track
    where case $kind when 'artist' then artist_key else album_key end = $key
    union
    select track_key, true from bridge_track_artist where $kind = 'artist' and artist_key = $key and not is_primary
),

listened as (
    select track_key, count(*) filter (where is_counted) as plays, sum(ms_played)::double as ms
    from fct_play where track_key in (select track_key from tracks) and not is_excluded
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
