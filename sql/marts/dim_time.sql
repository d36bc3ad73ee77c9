-- Every minute of a day. Day parts: night 00-05, morning 06-11, afternoon 12-17, evening 18-23.
with

minutes as (
    select unnest(range(0, 1440)) as time_key
)

select
    cast(time_key as integer) as time_key,
    cast(time_key // 60 as integer) as hour,
    cast(time_key % 60 as integer) as minute,
    case
        when time_key // 60 < 6 then 'night'
        when time_key // 60 < 12 then 'morning'
        when time_key // 60 < 18 then 'afternoon'
        else 'evening'
    end as day_part,
from minutes
