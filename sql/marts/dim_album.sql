-- Exports name albums but carry no album URI: an album is (artist, album) by compared names. Merge rules fold
-- an album into another (remasters, deluxe editions): shown under that one's own name and artist; a rename rule
-- sets the name shown. An album of an artist merged into another belongs to that other artist.
with

plays as (
    select album_key, own_album_key, album_name, artist_key
    from int_ruled_plays
    where content_type = 'track' and album_key is not null
),

spellings as (
    select album_key, own_album_key = album_key as is_own, album_name, artist_key, count(*) as spelling_plays
    from plays
    group by all
),

renamed as (
    select item_key as album_key, new_name from int_rule_names where item = 'album'
),

albums as (
    select
        album_key,
        first(album_name order by is_own desc, spelling_plays desc, album_name) as album_name,
        first(artist_key order by is_own desc, spelling_plays desc, artist_key) as artist_key,
    from spellings
    group by album_key
)

select
    album_key,
    coalesce(renamed.new_name, albums.album_name) as album_name,
    artist_key,
    -- filled from Spotify by patch_dim_album__enrichment.sql
    null::varchar as spotify_album_id,
    null::date as release_date,
    null::varchar as release_date_precision,
    null::integer as release_year,
    null::varchar as album_type,
    null::integer as total_tracks,
from albums
left join renamed using (album_key)
