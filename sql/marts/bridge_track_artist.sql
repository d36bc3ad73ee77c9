-- Every artist credited on a track, as Spotify lists them: position 0 is the primary artist, the others are
-- featured. Exports name only the primary artist; this is where featured artists come from.
with

credits as (
    select
        track.track_key,
        credit.artist_position,
        credit.artist_name_compared,
        credit.spotify_artist_id,
    from int_track_enrichment as track
    join stg_spotify__track_artists as credit using (spotify_track_id)
)

select
    track_key,
    surrogate_key('artist:' || artist_name_compared) as artist_key,
    min(artist_position) as artist_position,
    min(artist_position) = 0 as is_primary,
    first(spotify_artist_id order by artist_position) as spotify_artist_id,
from credits
group by track_key, artist_name_compared
