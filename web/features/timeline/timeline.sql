-- Hours listened (all content) and counted plays per local day, ISO week or month ($step) of a period; buckets
-- without plays are left out.
select
    strftime(date_trunc($step, dim_date.date), '%Y-%m-%d') as start,
    sum(agg_play_hour.ms_played)::double / 3600000 as hours,
    sum(agg_play_hour.counted_plays) as plays,
from agg_play_hour
join dim_date using (date_key)
where agg_play_hour.date_key between $from_key and $to_key
group by all
order by start
