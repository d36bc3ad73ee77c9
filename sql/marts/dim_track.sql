-- A track is its Spotify URI when the play has one, otherwise (artist, track) by compared names.
-- Names shown are the most frequent ones seen with that track.
with

plays as (
    select content_key, track_uri, track_name, artist_cmp, album_cmp
    from int_play_rows
    where is_play and content_type = 'track'
),

spellings as (
    select content_key, track_uri, track_name, artist_cmp, album_cmp, count(*) as spelling_plays
    from plays
    group by all
),

tracks as (
    select
        content_key,
        any_value(track_uri) as track_uri,
        first(track_name order by spelling_plays desc, track_name) as track_name,
        first(artist_cmp order by spelling_plays desc, artist_cmp) as artist_cmp,
        first(album_cmp order by (album_cmp is null), spelling_plays desc, album_cmp) as album_cmp,
    from spellings
    group by content_key
)

select
    surrogate_key('track:' || content_key) as track_key,
    track_uri,
    track_name,
    case when artist_cmp is not null then surrogate_key('artist:' || artist_cmp) end as artist_key,
    case
        when artist_cmp is not null and album_cmp is not null
            then surrogate_key('album:' || artist_cmp || chr(31) || album_cmp)
    end as album_key,
    -- filled from Spotify by patch_dim_track__enrichment.sql
    null::bigint as duration_ms,
    null::boolean as explicit,
    null::varchar as isrc,
    null::varchar as spotify_album_id,
from tracks
