-- One artist's, track's or album's ($kind, $key) all-time counted plays; for an artist also its most played
-- track and album, with their plays (its certification is the best of theirs). Excluded plays are left out.
with

plays as (
    select track_key, album_key,
    from fct_play
    where not is_excluded and is_counted and content_type = 'track'
        and case $kind when 'artist' then artist_key when 'track' then track_key else album_key end = $key
),

top_track as (
    select track_key, count(*) as plays, from plays
    where $kind = 'artist' and track_key is not null
    group by track_key order by plays desc, track_key limit 1
),

top_album as (
    select album_key, count(*) as plays, from plays
    where $kind = 'artist' and album_key is not null
    group by album_key order by plays desc, album_key limit 1
)

select
    (select count(*) from plays) as plays,
    top_track.track_key as top_track_key,
    dim_track.track_name as top_track_name,
    top_track.plays as top_track_plays,
    top_album.album_key as top_album_key,
    dim_album.album_name as top_album_name,
    top_album.plays as top_album_plays,
from (select 1) as one
left join top_track on true
left join dim_track on dim_track.track_key = top_track.track_key
left join top_album on true
left join dim_album on dim_album.album_key = top_album.album_key
