-- How music was played in a period, per local year and in total (year 0): skipped, on shuffle, offline,
-- incognito, each as a share of the plays that say (endsong-era rows leave `skipped` null).
select
    coalesce(date_key // 10000, 0) as year,
    count(*) as plays,
    avg(skipped::integer) as skipped,
    avg(shuffle::integer) as shuffle,
    avg(offline::integer) as offline,
    avg(incognito::integer) as incognito,
from fct_play
where content_type = 'track' and date_key between $1 and $2
group by rollup (date_key // 10000)
order by year desc
