-- Plays seen on Spotify's currently-playing endpoint (stg_spotify__currently_playing) as play rows of source 'api',
-- with the columns they know: like recently-played's, they are estimates, and an export's row of the same content
-- whose interval holds them replaces them (patch_int_play_rows__set_aside.sql, api_in_extended).
with

seen as (
    select * from stg_spotify__currently_playing
)

select
    play_key(user_name, 'api', content_key || chr(31) || epoch_ms(played_at)) as play_key,
    user_name,
    'api' as source,
    content_type,
    content_key,
    played_at,
    ms_played,
    if(content_type = 'track', item_name, null) as track_name,
    if(content_type = 'track', artist_name, null) as artist_name,
    if(content_type = 'track', album_name, null) as album_name,
    if(content_type = 'track', item_cmp, null) as track_cmp,
    if(content_type = 'track', artist_cmp, null) as artist_cmp,
    if(content_type = 'track', album_cmp, null) as album_cmp,
    if(content_type = 'episode', item_uri, null) as episode_uri,
    if(content_type = 'episode', item_name, null) as episode_name,
    if(content_type = 'episode', show_name, null) as show_name,
    'currently-playing' as source_file,
    play_id as row_number,
    reject_reason,
    true as ms_is_estimated,
from seen
