-- Exports name albums but carry no album URI: an album is (artist, album) by compared names.
with

plays as (
    select artist_cmp, album_cmp, album_name
    from int_play_rows
    where is_play and content_type = 'track' and artist_cmp is not null and album_cmp is not null
),

spellings as (
    select artist_cmp, album_cmp, album_name, count(*) as spelling_plays from plays group by all
)

select
    surrogate_key('album:' || artist_cmp || chr(31) || album_cmp) as album_key,
    first(album_name order by spelling_plays desc, album_name) as album_name,
    surrogate_key('artist:' || artist_cmp) as artist_key,
    -- filled from Spotify by patch_dim_album__enrichment.sql
    null::varchar as spotify_album_id,
    null::date as release_date,
    null::varchar as release_date_precision,
    null::integer as release_year,
    null::varchar as album_type,
    null::integer as total_tracks,
from spellings
group by artist_cmp, album_cmp
