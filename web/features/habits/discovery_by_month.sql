-- Per local month of a period: artists and tracks played (counted) for the first time ever, and how many were
-- played again at least $stuck_days days later. Music only; from each listener's sums per item (everyone's
-- first play of an item is the earliest of theirs, its last the latest).
with

firsts as (
    select
        kind,
        item_key,
        min(first_counted_date_key) as first_key,
        min(first_counted_at) as first_at,
        max(last_counted_at) as last_at,
    from agg_item
    where kind in ('artist', 'track') and first_counted_at is not null
    group by all
)

select
    strftime(strptime(cast(first_key // 100 as varchar), '%Y%m'), '%Y-%m') as month,
    count(*) filter (where kind = 'artist') as new_artists,
    count(*) filter (where kind = 'artist' and last_at >= first_at + to_days($stuck_days)) as stuck_artists,
    count(*) filter (where kind = 'track') as new_tracks,
    count(*) filter (where kind = 'track' and last_at >= first_at + to_days($stuck_days)) as stuck_tracks,
from firsts
where first_key between $from_key and $to_key
group by all
order by month
