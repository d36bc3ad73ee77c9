-- Minutes by day part (night, morning, afternoon, evening) on weekdays and weekends in a period.
select
    dim_time.day_part,
    dim_date.is_weekend as weekend,
    sum(fct_play.ms_played)::double / 60000 as minutes,
from fct_play
join dim_date using (date_key)
join dim_time using (time_key)
where fct_play.date_key between $1 and $2
group by all
order by all
