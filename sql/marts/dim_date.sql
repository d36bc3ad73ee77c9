-- Every local calendar day of every year that has a play. ISO weeks and weekdays (1 = Monday);
-- seasons are meteorological, northern hemisphere (Dec-Feb winter).
with

bounds as (
    select
        make_date(cast(min(date_key) // 10000 as bigint), 1, 1) as first_day,
        make_date(cast(max(date_key) // 10000 as bigint), 12, 31) as last_day,
    from fct_play
),

days as (
    select cast(unnest(generate_series(first_day, last_day, interval 1 day)) as date) as date
    from bounds
    where first_day is not null
)

select
    year(date) * 10000 + month(date) * 100 + day(date) as date_key,
    date,
    year(date) as year,
    quarter(date) as quarter,
    month(date) as month,
    monthname(date) as month_name,
    isoyear(date) as iso_year,
    weekofyear(date) as iso_week,
    isodow(date) as day_of_week,
    dayname(date) as day_name,
    isodow(date) >= 6 as is_weekend,
    case
        when month(date) in (12, 1, 2) then 'winter'
        when month(date) in (3, 4, 5) then 'spring'
        when month(date) in (6, 7, 8) then 'summer'
        else 'autumn'
    end as season,
from days
