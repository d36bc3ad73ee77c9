-- Every genre named by MusicBrainz or Spotify, with a parent genre for readable charts. The parent is the first
-- rule of sql/seeds/genre_parents.csv (by priority) whose pattern occurs as whole words in the genre name,
-- with hyphens, slashes and underscores read as spaces ("melodic death metal" → metal, "hip-hop" → hip hop);
-- a genre no rule matches is "other".
with

names as (
    select genre_name from stg_musicbrainz__artist_genres
    union
    select genre_name from stg_spotify__artists
),

rules as (
    select cast(priority as integer) as priority, pattern, parent_genre from seed_genre_parents
),

words as (
    select genre_name, ' ' || regexp_replace(genre_name, '[\s_/-]+', ' ', 'g') || ' ' as padded from names
),

matched as (
    select words.genre_name, first(rules.parent_genre order by rules.priority) as parent_genre,
    from words
    join rules on contains(words.padded, ' ' || rules.pattern || ' ')
    group by words.genre_name
)

select
    surrogate_key('genre:' || names.genre_name) as genre_key,
    names.genre_name,
    coalesce(matched.parent_genre, 'other') as parent_genre,
from names
left join matched using (genre_name)
