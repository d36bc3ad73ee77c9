-- Artists as GET /v1/artists/{id} described them: only genres are used (deprecated by Spotify in 2026 and often
-- empty; MusicBrainz is the main source of genres).
with

source as (
    select spotify_id, response from raw_spotify_item
    where kind = 'artist' and status = 200 and json_type(response) = 'OBJECT'
        and json_type(response -> 'genres') = 'ARRAY'
),

genres as (
    select spotify_id, unnest(cast(response -> 'genres' as varchar[])) as genre_name from source
)

select
    spotify_id as spotify_artist_id,
    lower(clean_name(genre_name)) as genre_name,
from genres
where clean_name(genre_name) is not null
