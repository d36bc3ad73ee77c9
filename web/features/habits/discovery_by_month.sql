-- Per local month of a period: artists and tracks played (counted) for the first time ever, and how many were
-- played again at least $stuck_days days later. Music only.
with

music as (
    select artist_key, track_key, played_at, date_key from fct_play
    where content_type = 'track' and is_counted
),

artists as (
    select artist_key as item, min(date_key) as first_key, min(played_at) as first_at, max(played_at) as last_at
    from music where artist_key is not null group by all
),

tracks as (
    select track_key as item, min(date_key) as first_key, min(played_at) as first_at, max(played_at) as last_at
    from music group by all
),

firsts as (
    select 'artist' as kind, * from artists
    union all
    select 'track', * from tracks
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
