-- How music was played in a period, per local year and in total (year 0): skipped, on shuffle, offline,
-- incognito, each as a share of the plays that say (endsong-era rows leave `skipped` null). From the sums per
-- day and hour.
select
    coalesce(date_key // 10000, 0) as year,
    sum(plays) as plays,
    sum(skipped) / nullif(sum(skipped_known), 0) as skipped,
    sum(shuffle) / nullif(sum(shuffle_known), 0) as shuffle,
    sum(offline) / nullif(sum(offline_known), 0) as offline,
    sum(incognito) / nullif(sum(incognito_known), 0) as incognito,
from agg_play_hour
where content_type = 'track' and date_key between $1 and $2
group by rollup (date_key // 10000)
order by year desc
