-- Tracks as GET /v1/tracks/{id} described them. Any field may be missing, null or of the wrong type in an
-- answer: it then reads as null (unknown) instead of failing the build.
with

source as (
    select spotify_id, response from raw_spotify_item
    where kind = 'track' and status = 200 and json_type(response) = 'OBJECT'
)

select
    spotify_id as spotify_track_id,
    try_cast(response ->> 'duration_ms' as bigint) as duration_ms,
    try_cast(response ->> 'explicit' as boolean) as explicit,
    nullif(upper(trim(response -> 'external_ids' ->> 'isrc')), '') as isrc,
    nullif(trim(response -> 'album' ->> 'id'), '') as spotify_album_id,
    response -> 'artists' as artists,
from source
