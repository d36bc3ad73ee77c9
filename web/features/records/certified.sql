-- The artists, tracks or albums ($kind) certified by their all-time counted plays, as Maloja certifies: a track
-- from $track_gold plays, an album from $album_gold; an artist by the best of its most played track (with the
-- track thresholds) and its most played album (with the album thresholds), which come with it. Most played
-- first. Music only; excluded plays are left out.
with

plays as (
    select artist_key, track_key, album_key,
    from fct_play
    where not is_excluded and is_counted and content_type = 'track'
),

track_plays as (
    select artist_key, track_key, count(*) as plays,
    from plays
    where track_key is not null
    group by artist_key, track_key
),

album_plays as (
    select artist_key, album_key, count(*) as plays,
    from plays
    where album_key is not null
    group by artist_key, album_key
),

-- an artist's most played track and album (either may be missing)
artist_tops as (
    select
        artist_key,
        tracks.top_track_key,
        tracks.top_track_plays,
        albums.top_album_key,
        albums.top_album_plays,
        artist_plays.plays,
    from (
        select artist_key, arg_max(track_key, plays) as top_track_key, max(plays) as top_track_plays,
        from track_plays
        where $kind = 'artists' and artist_key is not null
        group by artist_key
    ) as tracks
    full join (
        select artist_key, arg_max(album_key, plays) as top_album_key, max(plays) as top_album_plays,
        from album_plays
        where $kind = 'artists' and artist_key is not null
        group by artist_key
    ) as albums using (artist_key)
    join (
        select artist_key, sum(plays) as plays, from track_plays where $kind = 'artists' group by artist_key
    ) as artist_plays using (artist_key)
),

certified as (
    select
        track_key as key,
        sum(plays) as plays,
        null::bigint as top_track_key,
        null::bigint as top_track_plays,
        null::bigint as top_album_key,
        null::bigint as top_album_plays,
    from track_plays
    where $kind = 'tracks'
    group by track_key
    having sum(plays) >= $track_gold
    union all
    select album_key, sum(plays), null, null, null, null,
    from album_plays
    where $kind = 'albums'
    group by album_key
    having sum(plays) >= $album_gold
    union all
    select
        artist_key,
        plays,
        top_track_key,
        top_track_plays,
        top_album_key,
        top_album_plays,
    from artist_tops
    where coalesce(top_track_plays, 0) >= $track_gold or coalesce(top_album_plays, 0) >= $album_gold
)

select
    certified.*,
    coalesce(artist.artist_name, track.track_name, album.album_name) as name,
    coalesce(track.artist_key, album.artist_key) as artist_key,
    credited.artist_name,
    top_track.track_name as top_track_name,
    top_album.album_name as top_album_name,
from certified
left join dim_artist as artist on $kind = 'artists' and artist.artist_key = certified.key
left join dim_track as track on $kind = 'tracks' and track.track_key = certified.key
left join dim_album as album on $kind = 'albums' and album.album_key = certified.key
left join dim_artist as credited on credited.artist_key = coalesce(track.artist_key, album.artist_key)
left join dim_track as top_track on top_track.track_key = certified.top_track_key
left join dim_album as top_album on top_album.album_key = certified.top_album_key
order by certified.plays desc, name, certified.key
