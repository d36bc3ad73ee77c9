-- How much of the music listening time enrichment covers: the share whose artist has a genre, whose artist has
-- an origin country, and whose track has a duration. 0 when nothing was listened to. (Summing per track first
-- makes the joins small: 50 ms instead of 120 ms at 350,000 plays.)
with

music as (
    select artist_key, track_key, sum(ms_played) as ms_played
    from fct_play
    where content_type = 'track'
    group by all
),

flags as (
    select
        music.ms_played,
        music.artist_key in (select artist_key from bridge_artist_genre) as has_genre,
        dim_artist.origin_location_key is not null as has_origin,
        dim_track.duration_ms is not null as has_duration,
    from music
    left join dim_artist using (artist_key)
    left join dim_track using (track_key)
)

select
    coalesce(sum(ms_played) filter (where has_genre) / nullif(sum(ms_played), 0), 0) as with_genre,
    coalesce(sum(ms_played) filter (where has_origin) / nullif(sum(ms_played), 0), 0) as with_origin,
    coalesce(sum(ms_played) filter (where has_duration) / nullif(sum(ms_played), 0), 0) as with_duration,
from flags
