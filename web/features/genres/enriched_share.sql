-- How much of a period's music the Genres and Geography pages can place: minutes of music, and of those the
-- minutes whose artist has a genre and whose artist has a known country.
with

listening as (
    select artist_key, sum(ms_played)::double as ms from fct_play
    where content_type = 'track' and date_key between $from_key and $to_key and not is_excluded
    group by all
)

select
    coalesce(sum(ms), 0) / 60000 as music_minutes,
    coalesce(sum(ms) filter (where artist_key in (select artist_key from bridge_artist_genre)), 0) / 60000
        as with_genre_minutes,
    coalesce(sum(ms) filter (where dim_artist.origin_location_key is not null), 0) / 60000 as with_origin_minutes,
from listening
left join dim_artist using (artist_key)
