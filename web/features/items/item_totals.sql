-- How much one artist, track or album ($kind, $key) was played, when first and last, and all music's minutes
-- (for its share): from the sums per listener and item (agg_item) and per day and hour (agg_play_hour), which
-- leave out excluded plays as fct_play's readers do.
select
    coalesce(sum(counted_plays), 0)::bigint as plays,
    coalesce(sum(ms_played), 0)::double as ms,
    min(first_played_at) as first_played,
    max(last_played_at) as last_played,
    (select coalesce(sum(ms_played), 0)::double from agg_play_hour where content_type = 'track') as all_ms,
from agg_item
where kind = $kind and item_key = $key
