-- The chart of one week or month ($from_key..$to_key, local days): the artists, tracks or albums ($kind) with
-- counted plays in it, ranked by counted plays, ties by minutes; equal on both share a rank and the next rank
-- skips (1, 2, 2, 4). The ranks up to $size, each with its rank in the previous period of the same kind
-- (from $previous_from, the days just before $from_key) and whether it charted (had counted plays) in any period
-- before this one: what its movement is worked out from. Music only; excluded plays are left out.
with

plays as (
    select
        case $kind when 'artists' then artist_key when 'tracks' then track_key else album_key end as key,
        date_key >= $from_key as is_current,
        is_counted,
        ms_played,
    from fct_play
    where not is_excluded and content_type = 'track' and date_key between $previous_from and $to_key
),

totals as (
    select
        key,
        count(*) filter (where is_counted and is_current) as plays,
        coalesce(sum(ms_played) filter (where is_current), 0)::bigint as ms,
        count(*) filter (where is_counted and not is_current) as previous_plays,
        coalesce(sum(ms_played) filter (where not is_current), 0)::bigint as previous_ms,
    from plays
    where key is not null
    group by key
),

this_chart as (
    select key, plays, ms, rank() over (order by plays desc, ms desc) as rank, count(*) over () as entries,
    from totals
    where plays > 0
),

previous_chart as (
    select key, rank() over (order by previous_plays desc, previous_ms desc) as previous_rank,
    from totals
    where previous_plays > 0
),

shown as (
    select * from this_chart where rank <= $size
),

-- the shown ones that charted before the previous period (those in it have a previous rank)
charted_earlier as (
    select distinct
        case $kind when 'artists' then artist_key when 'tracks' then track_key else album_key end as key,
    from fct_play
    where not is_excluded and is_counted and content_type = 'track' and date_key < $previous_from
        and case $kind when 'artists' then artist_key when 'tracks' then track_key else album_key end
            in (select key from shown)
),

named as (
    select
        shown.*,
        coalesce(artist.artist_name, track.track_name, album.album_name) as name,
        coalesce(track.artist_key, album.artist_key) as artist_key,
    from shown
    left join dim_artist as artist on $kind = 'artists' and artist.artist_key = shown.key
    left join dim_track as track on $kind = 'tracks' and track.track_key = shown.key
    left join dim_album as album on $kind = 'albums' and album.album_key = shown.key
)

select
    named.key,
    named.name,
    named.artist_key,
    credited.artist_name,
    named.rank,
    named.plays,
    named.ms / 60000 as minutes,
    named.entries,
    previous_chart.previous_rank,
    previous_chart.key is not null or charted_earlier.key is not null as charted_before,
from named
left join previous_chart using (key)
left join charted_earlier using (key)
left join dim_artist as credited on credited.artist_key = named.artist_key
order by named.rank, named.name, named.key
