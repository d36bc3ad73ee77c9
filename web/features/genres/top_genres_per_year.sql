-- The three most listened fine genres of each local year in a period, with their share of that year's genre
-- minutes.
with

listening as (
    select date_key // 10000 as year, artist_key, sum(ms_played)::double as ms from fct_play
    where content_type = 'track' and date_key between $1 and $2 and not is_excluded
    group by all
),

genres as (
    select listening.year, dim_genre.genre_name as genre, sum(listening.ms * bridge_artist_genre.weight) as ms
    from listening
    join bridge_artist_genre using (artist_key)
    join dim_genre using (genre_key)
    group by all
)

select
    year,
    row_number() over (partition by year order by ms desc, genre) as rank,
    genre,
    ms / sum(ms) over (partition by year) as share,
from genres
qualify rank <= 3
order by year desc, rank
