-- One artist's, track's or album's ($kind, $key) rank in every week, month or year ($every) it charted in (had
-- counted plays in), by the charts' ranking: counted plays, ties by minutes, equal on both sharing a rank
-- (1, 2, 2, 4); with how many charted then. Only the periods it charted in are read; plays are grouped per
-- period and item first, and its rank is 1 + the grouped rows of the same period that beat it (cheaper than a
-- window ranking every row). Music only; excluded plays are left out.
with

days as (
    -- every local day with the first day of its period, as yyyymmdd (weeks start on Monday)
    select
        date_key,
        case $every
            when 'week' then cast(strftime(date - cast(day_of_week - 1 as integer), '%Y%m%d') as integer)
            when 'month' then date_key // 100 * 100 + 1
            else date_key // 10000 * 10000 + 101
        end as period_start,
    from dim_date
),

its_days as (
    select date_key from days
    where period_start in (
        select days.period_start
        from fct_play
        join days using (date_key)
        where not fct_play.is_excluded and fct_play.is_counted and fct_play.content_type = 'track'
            and case $kind when 'artist' then artist_key when 'track' then track_key else album_key end = $key
    )
),

grouped as materialized (
    select
        days.period_start,
        case $kind when 'artist' then artist_key when 'track' then track_key else album_key end as key,
        count(*) filter (where fct_play.is_counted) as plays,
        sum(fct_play.ms_played)::bigint as ms,
    from fct_play
    join days using (date_key)
    where not fct_play.is_excluded and fct_play.content_type = 'track'
        and fct_play.date_key in (select date_key from its_days)
    group by 1, 2
    having count(*) filter (where fct_play.is_counted) > 0 and key is not null
),

its as (
    select * from grouped where key = $key
)

select
    its.period_start,
    1 + count(*) filter (where other.plays > its.plays or (other.plays = its.plays and other.ms > its.ms)) as rank,
    count(*) as entries,
    its.plays,
    its.ms / 60000 as minutes,
from its
join grouped as other using (period_start)
group by its.period_start, its.plays, its.ms
order by its.period_start
