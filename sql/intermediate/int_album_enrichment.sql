-- Spotify's facts about each album of dim_album: an album is (artist, album name) in exports, so its Spotify id
-- comes from its fetched tracks (the id of the most listened ones when a name covers several releases).
with

track_listening as (
    select track_key, sum(ms_played) as ms_played from fct_play where track_key is not null group by all
),

votes as (
    select track.album_key, track.spotify_album_id, sum(coalesce(track_listening.ms_played, 0)) as ms_played,
    from int_track_enrichment as track
    left join track_listening using (track_key)
    where track.album_key is not null and track.spotify_album_id is not null
    group by all
),

chosen as (
    select album_key, first(spotify_album_id order by ms_played desc, spotify_album_id) as spotify_album_id,
    from votes
    group by album_key
)

select
    chosen.album_key,
    chosen.spotify_album_id,
    album.release_date,
    album.release_date_precision,
    album.release_year,
    album.album_type,
    album.total_tracks,
from chosen
left join stg_spotify__albums as album using (spotify_album_id)
