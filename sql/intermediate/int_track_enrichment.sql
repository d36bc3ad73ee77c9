-- Spotify's facts about each track of dim_track that has a Spotify URI and an answer: duration, explicit, ISRC
-- and the Spotify album it belongs to. Local files ("spotify:local:…") have no id and are left out.
with

tracks as (
    select
        track_key,
        album_key,
        regexp_extract(track_uri, '^spotify:track:([0-9A-Za-z]{22})$', 1) as spotify_track_id,
    from dim_track
    where track_uri is not null
)

select
    tracks.track_key,
    tracks.album_key,
    spotify.spotify_track_id,
    spotify.duration_ms,
    spotify.explicit,
    spotify.isrc,
    spotify.spotify_album_id,
from tracks
join stg_spotify__tracks as spotify using (spotify_track_id)
