-- The runs of consecutive local days with a counted play (any content) in a period, in order.
with

days as (
    select distinct dim_date.date
    from agg_play_hour join dim_date using (date_key)
    where agg_play_hour.counted_plays > 0 and agg_play_hour.date_key between $1 and $2
),

islands as (
    -- consecutive days share date − row number
    select date, date - cast(row_number() over (order by date) as integer) as island from days
)

select
    count(*) as days,
    strftime(min(date), '%Y-%m-%d') as "from",
    strftime(max(date), '%Y-%m-%d') as "to",
from islands
group by island
order by min(date)
