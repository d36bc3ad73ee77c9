-- Every artist credited on a track, as Spotify lists them: position 0 is the primary artist, the others are
-- featured. Exports name only the primary artist; this is where featured artists come from. A credited artist
-- merged into another (int_rule_merges) is credited as that one.
with

credits as (
    select
        track.track_key,
        credit.artist_position,
        credit.artist_name_compared,
        credit.spotify_artist_id,
        surrogate_key('artist:' || credit.artist_name_compared) as own_artist_key,
    from int_track_enrichment as track
    join stg_spotify__track_artists as credit using (spotify_track_id)
),

merged as (
    select credits.*, coalesce(merges.into_key, credits.own_artist_key) as artist_key,
    from credits
    left join int_rule_merges as merges on merges.item = 'artist' and merges.from_key = credits.own_artist_key
)

select
    track_key,
    artist_key,
    min(artist_position) as artist_position,
    min(artist_position) = 0 as is_primary,
    first(spotify_artist_id order by artist_position) as spotify_artist_id,
from merged
group by track_key, artist_key
