-- Listening by local weekday and hour in a period: minutes and counted plays per cell (music and podcasts).
select
    dim_date.day_of_week,
    agg_play_hour.hour,
    coalesce(sum(agg_play_hour.ms_played), 0)::double / 60000 as minutes,
    sum(agg_play_hour.counted_plays) as plays,
from agg_play_hour
join dim_date using (date_key)
where agg_play_hour.date_key between $1 and $2
group by all
order by all
