-- The Spotify artist id of each artist (by compared name), from the credits of tracks fetched from Spotify.
-- Exports name artists but carry no artist URI; when one name has several ids, the one credited on the most
-- listened tracks wins.
with

track_listening as (
    select track_key, sum(ms_played) as ms_played from fct_play where track_key is not null group by all
),

credits as (
    select
        credit.artist_name_compared,
        credit.spotify_artist_id,
        coalesce(track_listening.ms_played, 0) as ms_played,
    from int_track_enrichment as track
    join stg_spotify__track_artists as credit using (spotify_track_id)
    left join track_listening using (track_key)
),

votes as (
    select artist_name_compared, spotify_artist_id, sum(ms_played) as ms_played from credits group by all
)

select
    artist_name_compared,
    first(spotify_artist_id order by ms_played desc, spotify_artist_id) as spotify_artist_id,
from votes
group by artist_name_compared
