-- The scrobbles and received listens in fct_play that the new recently-played tracks (incremental
-- int_play_rows) replace: the same user and compared names, started within 2 minutes of each other. Spotify's
-- play wins, as in patch_int_play_rows__set_aside.sql, also when the scrobble or listen came first.
with

spotify as (
    select
        surrogate_key('user:' || user_name) as user_key,
        surrogate_key('track:name:' || artist_cmp || chr(31) || track_cmp) as names_key,
        played_at - to_milliseconds(ms_played) as started_at,
    from int_play_rows
    where content_type = 'track' and artist_cmp is not null and track_cmp is not null
),

scrobbles as (
    select play_key, user_key, names_key, played_at - to_milliseconds(ms_played) as started_at,
    from fct_play
    where source in ('lastfm', 'listenbrainz', 'submitted', 'manual')
        and user_key in (select user_key from spotify)
)

select distinct scrobbles.play_key
from scrobbles
join spotify
    on spotify.user_key = scrobbles.user_key
    and spotify.names_key = scrobbles.names_key
where spotify.started_at between scrobbles.started_at - interval 2 minute and scrobbles.started_at + interval 2 minute
