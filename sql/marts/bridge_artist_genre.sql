-- Genres per artist, from MusicBrainz votes (counts above zero) and Spotify's artist genres (one vote each).
-- weight is the genre's share of the artist's votes, so an artist's listening time splits across its genres
-- and sums to the whole.
with

artists as (
    select artist_key, musicbrainz_id, spotify_artist_id from int_artist_enrichment
),

musicbrainz as (
    select artists.artist_key, genres.genre_name, genres.votes, 'musicbrainz' as source,
    from artists
    join stg_musicbrainz__artist_genres as genres on genres.mbid = artists.musicbrainz_id
),

spotify as (
    select artists.artist_key, genres.genre_name, 1 as votes, 'spotify' as source,
    from artists
    join stg_spotify__artists as genres using (spotify_artist_id)
),

votes as (
    select artist_key, genre_name, sum(votes) as votes, string_agg(source, ', ' order by source) as sources,
    from (select * from musicbrainz union all select * from spotify)
    group by all
)

select
    artist_key,
    surrogate_key('genre:' || genre_name) as genre_key,
    votes,
    votes / sum(votes) over (partition by artist_key) as weight,
    sources,
from votes
