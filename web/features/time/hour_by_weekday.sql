-- Listening by local weekday and hour in a period: minutes and counted plays per cell (music and podcasts).
select
    dim_date.day_of_week,
    dim_time.hour,
    coalesce(sum(fct_play.ms_played), 0)::double / 60000 as minutes,
    count(*) filter (where fct_play.is_counted) as plays,
from fct_play
join dim_date using (date_key)
join dim_time using (time_key)
where fct_play.date_key between $1 and $2
group by all
order by all
