-- An artist from exports is identified by the compared form of its name; the most frequent spelling is shown.
with

plays as (
    select artist_cmp, artist_name
    from int_play_rows
    where is_play and content_type = 'track' and artist_cmp is not null
),

spellings as (
    select artist_cmp, artist_name, count(*) as spelling_plays from plays group by all
)

select
    surrogate_key('artist:' || artist_cmp) as artist_key,
    first(artist_name order by spelling_plays desc, artist_name) as artist_name,
    artist_cmp as artist_name_compared,
from spellings
group by artist_cmp
