-- Stands in for intermediate/int_play_rows.sql when appendPlays adds the listens received after listen
-- getvariable('listens_after') without a rebuild, judged against the marts by the rules of
-- patch_int_play_rows__set_aside.sql: a listen is not a play of its own when a scrobble or earlier listen of the
-- same user, names and start second is one already (in fct_play, or earlier in this batch), nor when a Spotify
-- track play of the same names started within 2 minutes of it (Spotify's data wins). Read by the mart models.
with

columns as (
    select * from int_play_rows__columns
),

listens as (
    select
        *,
        surrogate_key('user:' || user_name) as user_key,
        surrogate_key('track:' || content_key) as names_key,
        played_at - to_milliseconds(ms_played) as started_at,
    from int_submitted_play_rows
    where row_number > getvariable('listens_after') and reject_reason is null
),

played as (
    select user_key, names_key, source, played_at - to_milliseconds(ms_played) as started_at,
    from fct_play
    where user_key in (select user_key from listens) and content_type = 'track'
),

new_plays as (
    select * exclude (user_key, names_key, started_at)
    from listens
    where not exists (
            select 1
            from played as scrobble
            where scrobble.source in ('lastfm', 'listenbrainz', 'submitted', 'manual')
                and scrobble.user_key = listens.user_key
                and scrobble.names_key = listens.names_key
                and scrobble.started_at = listens.started_at
        )
        and not exists (
            select 1
            from played as spotify
            where spotify.source in ('extended', 'account', 'api')
                and spotify.user_key = listens.user_key
                and spotify.names_key = listens.names_key
                and spotify.started_at between listens.started_at - interval 2 minute
                and listens.started_at + interval 2 minute
        )
    qualify row_number() over (partition by user_name, content_key, started_at order by row_number) = 1
),

play_rows as (
    select * from columns
    union all by name
    select * from new_plays
)

select
    * replace (reject_reason is null as is_play),
    own_artist_key(content_type, artist_cmp) as own_artist_key,
    own_track_key(content_type, content_key) as own_track_key,
    own_album_key(content_type, artist_cmp, album_cmp) as own_album_key,
from play_rows
