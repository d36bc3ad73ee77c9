-- A period's music in numbers: minutes, counted plays, artists, tracks, and local days with a play.
select
    coalesce(sum(ms_played), 0)::double / 60000 as music_minutes,
    count(*) filter (where is_counted) as counted_plays,
    count(distinct artist_key) as artists,
    count(distinct track_key) as tracks,
    count(distinct date_key) as days,
from fct_play
where content_type = 'track' and date_key between $from_key and $to_key and not is_excluded
