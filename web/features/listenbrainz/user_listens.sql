-- A listener's music plays as ListenBrainz listens (GET /1/user/<name>/listens): when each started (listened_at,
-- Unix seconds), strictly after $2 and before $3 when given, newest first ($5: oldest first, for a min_ts alone),
-- at most $4; with the whole history's first and last listened_at.
with

plays as (
    select
        fct_play.play_key,
        floor(epoch(fct_play.played_at - to_milliseconds(fct_play.ms_played)))::bigint as listened_at,
        floor(epoch(fct_play.played_at))::bigint as inserted_at,
        fct_play.ms_played,
        fct_play.source,
        fct_play.client,
        dim_track.track_name,
        dim_track.track_uri,
        dim_artist.artist_name,
        dim_album.album_name,
    from fct_play
    join dim_user using (user_key)
    join dim_track using (track_key)
    left join dim_artist on dim_artist.artist_key = fct_play.artist_key
    left join dim_album on dim_album.album_key = fct_play.album_key
    where dim_user.user_name = $1 and fct_play.content_type = 'track'
),

bounds as (
    select min(listened_at) as oldest_listen_ts, max(listened_at) as latest_listen_ts from plays
)

select plays.*, bounds.*
from bounds
left join (
    select * from plays
    where ($2::bigint is null or listened_at > $2) and ($3::bigint is null or listened_at < $3)
    order by if($5, listened_at, -listened_at), play_key
    limit $4
) as plays on true
order by plays.listened_at desc, plays.play_key
