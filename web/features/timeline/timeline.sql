-- Hours listened (all content) and counted plays per local day, ISO week or month ($step) of a period; buckets
-- without plays are left out.
select
    strftime(date_trunc($step, dim_date.date), '%Y-%m-%d') as start,
    sum(fct_play.ms_played)::double / 3600000 as hours,
    count(*) filter (where fct_play.is_counted) as plays,
from fct_play
join dim_date using (date_key)
where fct_play.date_key between $from_key and $to_key
group by all
order by start
