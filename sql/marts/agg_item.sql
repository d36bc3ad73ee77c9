-- Each listener's plays of each artist, track and album (music): how many (counted or not), minutes, the first
-- and last play and the first and last counted one. Overview's counts, Habits' discoveries (what stuck) and
-- Review's new artists read it. Kept current like agg_play_hour, for the items new plays touch.
with

-- not materialized: read from fct_play by each of the three below (materialized, the plays were copied once
-- more: 124 -> 76 ms at 350k plays)
music as not materialized (
    select * from fct_play where content_type = 'track' and not is_excluded
),

items as (
    select user_key, 'artist' as kind, artist_key as item_key, * exclude (user_key) from music
    where artist_key is not null
    union all
    select user_key, 'track' as kind, track_key as item_key, * exclude (user_key) from music
    union all
    select user_key, 'album' as kind, album_key as item_key, * exclude (user_key) from music
    where album_key is not null
)

select
    user_key,
    kind,
    item_key,
    count(*) as plays,
    count(*) filter (where is_counted) as counted_plays,
    sum(ms_played)::bigint as ms_played,
    min(played_at) as first_played_at,
    max(played_at) as last_played_at,
    min(played_at) filter (where is_counted) as first_counted_at,
    max(played_at) filter (where is_counted) as last_counted_at,
    min(date_key) filter (where is_counted) as first_counted_date_key,
from items
group by all
