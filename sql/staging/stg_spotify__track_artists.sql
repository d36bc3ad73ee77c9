-- Every artist credited on a track, in Spotify's order: position 0 is the primary artist, the rest are featured.
-- `null` elements and credits without an id or a name are left out.
with

tracks as (
    select spotify_track_id, artists from stg_spotify__tracks
    where json_type(artists) = 'ARRAY'
),

credits as (
    select
        spotify_track_id,
        unnest(range(cast(json_array_length(artists) as bigint))) as artist_position,
        artists,
    from tracks
)

select
    spotify_track_id,
    artist_position,
    nullif(trim(artists -> cast(artist_position as integer) ->> 'id'), '') as spotify_artist_id,
    clean_name(artists -> cast(artist_position as integer) ->> 'name') as artist_name,
    compared_name(artists -> cast(artist_position as integer) ->> 'name') as artist_name_compared,
from credits
where spotify_artist_id is not null and artist_name_compared is not null
