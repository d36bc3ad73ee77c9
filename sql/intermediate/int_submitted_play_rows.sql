-- Received listens (stg_submitted__listens) as play rows, with the columns they know (int_play_rows gives them the
-- shape of every play row). Judged as scrobbles are (patch_int_play_rows__set_aside.sql): a repeat of a scrobble
-- or listen of the same user, names and start second is not a play of its own, nor is a listen that a Spotify
-- track play of the same names started within 2 minutes of. row_number is the listen's id: among repeats, the
-- first received wins.
with

listens as (
    select
        *,
        started_at + to_milliseconds(ms_played) as played_at,
        'name:' || coalesce(artist_cmp, '') || chr(31) || coalesce(track_cmp, '') as content_key,
    from stg_submitted__listens
)

select
    -- told apart by their start, as scrobbles are (int_play_rows.sql)
    play_key(user_name, source, content_key || chr(31) || coalesce(epoch_ms(started_at), 0)) as play_key,
    user_name,
    source,
    'track' as content_type,
    content_key,
    played_at,
    ms_played,
    track_name,
    artist_name,
    album_name,
    track_cmp,
    artist_cmp,
    album_cmp,
    listen_id,
    client,
    'raw_submitted_listen' as source_file,
    listen_id as row_number,
    case
        when started_at is null then 'no timestamp'
        when artist_cmp is null and track_cmp is null then 'no content'
        when artist_cmp = 'unknown artist' and track_cmp = 'unknown track' then 'unknown artist and track'
    end as reject_reason,
    ms_is_estimated,
from listens
