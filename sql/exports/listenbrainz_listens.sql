-- Every play of user $1 as a ListenBrainz listen: one JSON object per line ({listened_at, track_metadata}), oldest
-- first, written by `export --format listenbrainz` and read back by this program's own import. listened_at is when
-- the play started (Unix seconds); artist_name and track_name are required, so a play without them is left out
-- (and counted). Names are the marts' (the most frequent spelling). additional_info holds what ListenBrainz
-- documents (duration_ms: the track's length when enrichment knows it; spotify_id; music_service; media_player:
-- the player of a received listen; submission_client) and, free-form as ListenBrainz allows, what a round trip
-- needs: ms_played (how long it played), content_type for episodes and audiobook chapters (their show or book is
-- the artist, the episode the track) and spotify_uri. Keys with no value are left out: ListenBrainz refuses a null
-- name. $2 is this program's version.
with

plays as (
    select
        fct_play.played_at,
        fct_play.play_key,
        fct_play.content_type,
        fct_play.source,
        fct_play.client,
        fct_play.ms_played,
        floor(epoch(fct_play.played_at - to_milliseconds(fct_play.ms_played)))::bigint as listened_at,
        case when fct_play.content_type = 'track' then dim_artist.artist_name else dim_episode.show_name end
            as artist_name,
        case when fct_play.content_type = 'track' then dim_track.track_name else dim_episode.episode_name end
            as track_name,
        dim_album.album_name,
        dim_track.duration_ms,
        coalesce(dim_track.track_uri, dim_episode.episode_uri) as spotify_uri,
    from fct_play
    join dim_user using (user_key)
    left join dim_track using (track_key)
    left join dim_artist on dim_artist.artist_key = fct_play.artist_key
    left join dim_album on dim_album.album_key = fct_play.album_key
    left join dim_episode using (episode_key)
    where dim_user.user_name = $1
),

lines as (
    select
        played_at,
        play_key,
        artist_name is not null and track_name is not null as written,
        '{"listened_at":' || listened_at || ',"track_metadata":{' || concat_ws(
            ',',
            '"artist_name":' || to_json(artist_name),
            '"track_name":' || to_json(track_name),
            '"release_name":' || to_json(album_name),
            '"additional_info":{' || concat_ws(
                ',',
                '"ms_played":' || ms_played,
                '"duration_ms":' || nullif(duration_ms, 0),
                '"content_type":' || to_json(nullif(content_type, 'track')),
                '"spotify_uri":' || to_json(spotify_uri),
                '"spotify_id":' || to_json(
                    case
                        when regexp_matches(spotify_uri, '^spotify:(track|episode):[0-9A-Za-z]{22}$')
                            then 'https://open.spotify.com/' || replace(substr(spotify_uri, 9), ':', '/')
                    end
                ),
                '"music_service":' || to_json(if(source in ('extended', 'account', 'api'), 'spotify.com', null)),
                '"media_player":' || to_json(client),
                '"submission_client":"Music Tracker"',
                '"submission_client_version":' || to_json($2::varchar)
            ) || '}'
        ) || '}}' as line,
    from plays
)

select line, written
from lines
order by played_at, play_key
