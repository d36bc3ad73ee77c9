-- Recently-played tracks in int_play_rows' shape. ms_played is the track's duration, an estimate (the API does
-- not say how long a track played), flagged by ms_is_estimated until an export's row replaces the play.
with

api as (
    select * from stg_spotify__api_plays
)

select
    surrogate_key('play:' || user_name || chr(31) || 'api' || chr(31) || content_key || chr(31) || epoch_ms(played_at))
        as play_key,
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
    null::varchar as episode_uri,
    null::varchar as episode_name,
    null::varchar as show_name,
    null::varchar as platform,
    null::varchar as conn_country,
    null::varchar as reason_start,
    null::varchar as reason_end,
    null::boolean as shuffle,
    null::boolean as skipped,
    null::boolean as offline,
    null::timestamptz as offline_at,
    null::boolean as incognito,
    null::bigint as import_id,
    ingest_id,
    'recently-played' as source_file,
    0::bigint as row_number,
    row_hash,
    reject_reason,
    reject_reason is null as is_play,
    true as ms_is_estimated,
from api
