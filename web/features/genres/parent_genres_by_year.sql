-- Listening per local year and parent genre in a period (the share-over-time chart).
with

listening as (
    select date_key // 10000 as year, artist_key, sum(ms_played)::double as ms from fct_play
    where content_type = 'track' and date_key between $1 and $2 and not is_excluded
    group by all
)

select
    listening.year,
    dim_genre.parent_genre as parent,
    sum(listening.ms * bridge_artist_genre.weight) / 60000 as minutes,
from listening
join bridge_artist_genre using (artist_key)
join dim_genre using (genre_key)
group by all
order by year, minutes desc
