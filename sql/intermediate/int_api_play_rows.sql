-- Recently-played tracks, with the columns they know (int_play_rows gives them the shape of every play row).
-- ms_played is the track's duration, an estimate (the API does not say how long a track played), flagged by
-- ms_is_estimated until an export's row replaces the play.
with

api as (
    select * from stg_spotify__api_plays
)

select
    play_key(user_name, 'api', content_key || chr(31) || epoch_ms(played_at)) as play_key,
    user_name,
    'api' as source,
    'track' as content_type,
    content_key,
    played_at,
    duration_ms as ms_played,
    track_uri,
    track_name,
    artist_name,
    album_name,
    track_cmp,
    artist_cmp,
    album_cmp,
    ingest_id,
    'recently-played' as source_file,
    0::bigint as row_number,
    row_hash,
    reject_reason,
    true as ms_is_estimated,
from api
