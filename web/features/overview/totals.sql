-- Every play's totals: plays, counted plays, hours, first and last play, artists and tracks.
select
    count(*) as plays,
    count(*) filter (where is_counted) as counted_plays,
    coalesce(sum(ms_played), 0)::double / 3600000 as hours_listened,
    min(played_at) as first_play,
    max(played_at) as last_play,
    count(distinct artist_key) as artists,
    count(distinct track_key) as tracks,
from fct_play
