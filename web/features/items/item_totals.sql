-- How much one artist, track or album ($kind, $key) was played, when first and last, and all music's minutes
-- (for its share).
with

music as (
    select
        case $kind when 'artist' then artist_key when 'track' then track_key else album_key end = $key as is_item,
        is_counted,
        ms_played,
        played_at,
    from fct_play
    where content_type = 'track' and not is_excluded
)

select
    count(*) filter (where is_counted and is_item) as plays,
    coalesce(sum(ms_played) filter (where is_item), 0)::double as ms,
    min(played_at) filter (where is_item) as first_played,
    max(played_at) filter (where is_item) as last_played,
    coalesce(sum(ms_played), 0)::double as all_ms,
from music
