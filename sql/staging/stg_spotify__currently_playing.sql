-- One row per play seen on Spotify's currently-playing endpoint and not reported by recently-played: a podcast
-- episode (by its URI) or a local file (by its names, as exports identify local files). played_at is when it was
-- last seen playing; ms_played its progress then (a little less than it played: the poll interval at most).
with

source as (
    select * from raw_spotify_currently_playing
),

renamed as (
    select
        play_id,
        user_name,
        last_seen_at as played_at,
        ms_played,
        response -> 'item' ->> 'type' as item_type,
        coalesce(try_cast(response -> 'item' ->> 'is_local' as boolean), false) as is_local,
        nullif(trim(response -> 'item' ->> 'uri'), '') as item_uri,
        clean_name(response -> 'item' ->> 'name') as item_name,
        clean_name(response -> 'item' -> 'artists' -> 0 ->> 'name') as artist_name,
        clean_name(response -> 'item' -> 'album' ->> 'name') as album_name,
        clean_name(response -> 'item' -> 'show' ->> 'name') as show_name,
    from source
)

select
    *,
    case when item_type = 'episode' then 'episode' else 'track' end as content_type,
    lower(item_name) as item_cmp,
    lower(artist_name) as artist_cmp,
    lower(album_name) as album_cmp,
    case
        when item_type = 'episode' then 'uri:' || item_uri
        else 'name:' || coalesce(lower(artist_name), '') || chr(31) || coalesce(lower(item_name), '')
    end as content_key,
    case
        when item_type = 'episode' and item_uri is null then 'no content'
        when item_type <> 'episode' and item_name is null and artist_name is null then 'no content'
    end as reject_reason,
from renamed
