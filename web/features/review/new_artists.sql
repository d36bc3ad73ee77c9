-- Artists discovered in a period (their first counted play, over the whole history, falls in it): how many,
-- and the five listened to most in the period. One row per artist listed, each carrying the count; one row
-- with no artist when there are none.
with

-- discovered = first counted play (over everyone's when the page shows everyone): a five-second skip is not a
-- discovery
discovered as (
    select item_key as artist_key from agg_item
    where kind = 'artist'
    group by item_key
    having min(first_counted_date_key) between $from_key and $to_key
),

-- counted per artist first, named last (the names in the group-by made its hash table hold them all)
listened as (
    select
        artist_key,
        count(*) filter (where is_counted) as plays,
        sum(ms_played)::double / 60000 as minutes,
    from fct_play
    semi join discovered using (artist_key)
    where date_key between $from_key and $to_key and not is_excluded
    group by artist_key
),

top as (
    select
        dim_artist.artist_key as key,
        dim_artist.artist_name as name,
        null as "by",
        listened.plays,
        listened.minutes,
    from listened
    join dim_artist using (artist_key)
    order by minutes desc, name
    limit 5
)

select (select count(*) from discovered) as total, top.*
from (select 1) left join top on true
order by top.minutes desc, top.name
