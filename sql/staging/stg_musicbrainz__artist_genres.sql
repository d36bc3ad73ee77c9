-- Genres MusicBrainz users voted for, per artist. A count of zero or less means more votes against than for:
-- dropped. Names are free text: trimmed and lower-cased.
with

artists as (
    select mbid, genres from stg_musicbrainz__artists
    where json_type(genres) = 'ARRAY'
),

votes as (
    select
        mbid,
        unnest(from_json(genres, '[{"name": "VARCHAR", "count": "DOUBLE"}]')) as genre,
    from artists
)

select
    mbid,
    lower(clean_name(genre.name)) as genre_name,
    cast(genre.count as integer) as votes,
from votes
where genre is not null and clean_name(genre.name) is not null and genre.count > 0
