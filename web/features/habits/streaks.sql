-- The runs of consecutive local days with a counted play (any content) in a period, in order.
with

days as (
    select distinct dim_date.date
    from fct_play join dim_date using (date_key)
    where fct_play.is_counted and fct_play.date_key between $1 and $2
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
