-- One row per track in a landed recently-played response: played_at (ms precision, UTC), the track's URI,
-- names (primary artist first) and duration. The API never returns episodes, and has no ms_played.
with

source as (
    select * from raw_spotify_recently_played
),

items as (
    select
        user_name,
        ingest_id,
        unnest(cast(response -> 'items' as json[])) as item,
    from source
),

renamed as (
    select
        user_name,
        ingest_id,
        cast(item ->> 'played_at' as timestamptz) as played_at,
        nullif(trim(item -> 'track' ->> 'uri'), '') as track_uri,
        clean_name(item -> 'track' ->> 'name') as track_name,
        clean_name(item -> 'track' -> 'artists' -> 0 ->> 'name') as artist_name,
        clean_name(item -> 'track' -> 'album' ->> 'name') as album_name,
        cast(item -> 'track' ->> 'duration_ms' as bigint) as duration_ms,
    from items
)

select
    *,
    lower(track_name) as track_cmp,
    lower(artist_name) as artist_cmp,
    lower(album_name) as album_cmp,
    'uri:' || track_uri as content_key,
    md5_number(user_name || chr(31) || track_uri || chr(31) || epoch_ms(played_at)) as row_hash,
    case
        when played_at is null then 'no timestamp'
        when track_uri is null then 'no content'
    end as reject_reason,
from renamed
