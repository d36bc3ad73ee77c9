-- Listening by the artists' country of origin in a period, most listened first: minutes, share of the placed
-- minutes, artists, and each country's most listened artist.
with

listening as (
    select artist_key, sum(ms_played)::double as ms from fct_play
    where content_type = 'track' and date_key between $1 and $2 and not is_excluded
    group by all
),

placed as (
    select dim_location.*, dim_artist.artist_name, listening.ms
    from listening
    join dim_artist using (artist_key)
    join dim_location on dim_location.location_key = dim_artist.origin_location_key
),

countries as (
    select
        country_code,
        any_value(country_code_numeric) as numeric_code,
        any_value(country_name) as name,
        any_value(region) as region,
        sum(ms) as ms,
        count(*) as artists,
        first(artist_name order by ms desc, artist_name) as top_artist,
    from placed
    group by country_code
)

select
    country_code,
    numeric_code,
    name,
    region,
    ms / 60000 as minutes,
    ms / sum(ms) over () as share,
    artists,
    top_artist,
from countries
order by ms desc, name
