-- The artists, tracks or albums ($kind) that were #1 of the most finished weeks (ISO weeks, Monday to Sunday,
-- ending before $before): the weekly charts' ranking (counted plays, ties by minutes), where every item tied at
-- the top is #1. How many weeks, the first and the latest; the first $limit. Music only; excluded plays left out.
with

days as (
    select date_key, cast(strftime(date - cast(day_of_week - 1 as integer), '%Y%m%d') as integer) as week_start,
    from dim_date
    where date_key < $before
),

grouped as materialized (
    -- the ranking as one number that sorts as it does: plays × 10^12 + ms (a week holds far fewer ms)
    select
        days.week_start,
        case $kind when 'artists' then artist_key when 'tracks' then track_key else album_key end as key,
        count(*) filter (where fct_play.is_counted) * 1000000000000 + sum(fct_play.ms_played)::bigint as score,
    from fct_play
    join days using (date_key)
    where not fct_play.is_excluded and fct_play.content_type = 'track'
    group by 1, 2
    having count(*) filter (where fct_play.is_counted) > 0 and key is not null
),

best as (
    select week_start, max(score) as score from grouped group by week_start
),

counted as (
    select key, count(*) as weeks, min(week_start) as first_week, max(week_start) as latest_week,
    from grouped
    semi join best using (week_start, score)
    group by key
    order by weeks desc, latest_week desc, key
    limit $limit
)

select
    counted.*,
    coalesce(artist.artist_name, track.track_name, album.album_name) as name,
    coalesce(track.artist_key, album.artist_key) as artist_key,
    credited.artist_name,
from counted
left join dim_artist as artist on $kind = 'artists' and artist.artist_key = counted.key
left join dim_track as track on $kind = 'tracks' and track.track_key = counted.key
left join dim_album as album on $kind = 'albums' and album.album_key = counted.key
left join dim_artist as credited on credited.artist_key = coalesce(track.artist_key, album.artist_key)
order by counted.weeks desc, counted.latest_week desc, name, counted.key
