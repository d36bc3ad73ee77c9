-- Listening per genre in a period at the parent ('parent') or fine ('genre') $level, most listened first: each
-- artist's time split across its genres by weight; with each genre's share and its artists played.
with

listening as (
    select artist_key, sum(ms_played)::double as ms from fct_play
    where content_type = 'track' and date_key between $from_key and $to_key and not is_excluded
    group by all
),

weighted as (
    select
        case when $level = 'parent' then dim_genre.parent_genre else dim_genre.genre_name end as genre,
        dim_genre.parent_genre as parent,
        listening.artist_key,
        listening.ms * bridge_artist_genre.weight as ms,
    from listening
    join bridge_artist_genre using (artist_key)
    join dim_genre using (genre_key)
),

genres as (
    select genre, first(parent) as parent, sum(ms) as ms, count(distinct artist_key) as artists
    from weighted
    group by genre
)

select
    genre,
    parent,
    ms / 60000 as minutes,
    coalesce(ms / nullif(sum(ms) over (), 0), 0) as share,
    artists,
from genres
order by ms desc, genre
limit $limit
