-- Every play's totals: plays, counted plays, hours, first and last play, artists and tracks (from the sums per
-- day and hour, and per item).
select
    coalesce(sum(plays), 0) as plays,
    coalesce(sum(counted_plays), 0) as counted_plays,
    coalesce(sum(ms_played), 0)::double / 3600000 as hours_listened,
    min(first_played_at) as first_play,
    max(last_played_at) as last_play,
    (select count(distinct item_key) from agg_item where kind = 'artist') as artists,
    (select count(distinct item_key) from agg_item where kind = 'track') as tracks,
from agg_play_hour
