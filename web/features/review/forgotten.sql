-- Forgotten favourites: the five tracks played most (more than once) before a period and not once in it. One pass
-- over the plays up to the period's end, per track: its counted plays and minutes before the period, and whether
-- it was played in it (as two aggregates, before the period and the tracks in it, with `not in`: 35 -> 25 ms and
-- 9 -> 6 MB for a year at 350k plays).
with

per_track as (
    select
        track_key,
        count(*) filter (where is_counted and date_key < $from_key) as plays,
        sum(ms_played) filter (where date_key < $from_key)::double as ms,
    from fct_play
    where content_type = 'track' and date_key <= $to_key and not is_excluded and track_key is not null
    group by track_key
    having count(*) filter (where date_key >= $from_key) = 0 and plays > 1
)

select
    dim_track.track_key as key,
    dim_track.track_name as name,
    dim_artist.artist_name as "by",
    per_track.plays,
    per_track.ms / 60000 as minutes,
from per_track
join dim_track using (track_key)
left join dim_artist on dim_artist.artist_key = dim_track.artist_key
order by per_track.plays desc, per_track.ms desc, name
limit 5
