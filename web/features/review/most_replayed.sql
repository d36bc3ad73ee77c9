-- The day of a period one track was played the most times (at least twice), and that track: counted per day
-- and track first, named last.
with

per_day as (
    select
        date_key,
        track_key,
        count(*) filter (where is_counted) as plays,
        sum(ms_played)::double / 60000 as minutes,
    from fct_play
    where date_key between $from_key and $to_key and track_key is not null and not is_excluded
    group by all
    having count(*) filter (where is_counted) > 1
),

best as (
    select * from per_day order by plays desc, minutes desc, date_key, track_key limit 1
)

select
    strftime(dim_date.date, '%Y-%m-%d') as date,
    dim_track.track_key as key,
    dim_track.track_name as name,
    dim_artist.artist_name as "by",
    best.plays,
    best.minutes,
from best
join dim_date using (date_key)
join dim_track using (track_key)
left join dim_artist on dim_artist.artist_key = dim_track.artist_key
