-- Minutes by day part (night, morning, afternoon, evening) on weekdays and weekends in a period.
with

-- dim_time says each hour's part of the day (every minute of an hour is in the same part)
parts as (
    select distinct hour, day_part from dim_time
)

select
    parts.day_part,
    dim_date.is_weekend as weekend,
    sum(agg_play_hour.ms_played)::double / 60000 as minutes,
from agg_play_hour
join dim_date using (date_key)
join parts using (hour)
where agg_play_hour.date_key between $1 and $2
group by all
order by all
