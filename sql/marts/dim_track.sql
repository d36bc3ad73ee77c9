-- A track is its Spotify URI when the play has one, otherwise (artist, track) by compared names. Names shown are
-- the most frequent ones seen with that track. Merge rules fold a track into another (int_ruled_plays): shown
-- under that one's own name, artist and album; a rename rule sets the name shown.
with

plays as (
    select track_key, own_track_key, track_uri, track_name, artist_key, album_key, artist_cmp, album_cmp
    from int_ruled_plays
    where content_type = 'track'
),

spellings as (
    select
        track_key,
        own_track_key = track_key as is_own,
        track_uri,
        track_name,
        artist_key,
        album_key,
        artist_cmp,
        album_cmp,
        count(*) as spelling_plays,
    from plays
    group by all
),

renamed as (
    select item_key as track_key, new_name from int_rule_names where item = 'track'
),

tracks as (
    select
        track_key,
        first(track_uri order by is_own desc, (track_uri is null), spelling_plays desc, track_uri) as track_uri,
        first(track_name order by is_own desc, spelling_plays desc, track_name) as track_name,
        first(artist_key order by is_own desc, spelling_plays desc, artist_cmp) as artist_key,
        first(album_key order by is_own desc, (album_key is null), spelling_plays desc, album_cmp) as album_key,
    from spellings
    group by track_key
)

select
    track_key,
    track_uri,
    coalesce(renamed.new_name, tracks.track_name) as track_name,
    artist_key,
    album_key,
    -- filled from Spotify by patch_dim_track__enrichment.sql
    null::bigint as duration_ms,
    null::boolean as explicit,
    null::varchar as isrc,
    null::varchar as spotify_album_id,
from tracks
left join renamed using (track_key)
