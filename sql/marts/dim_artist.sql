-- An artist from exports is identified by the compared form of its name; the most frequent spelling is shown.
-- Merge rules (int_ruled_plays) fold an artist into another: its plays count for the one it went into, shown
-- under that one's own spelling; a rename rule sets the name shown.
with

plays as (
    select artist_key, own_artist_key, artist_cmp, artist_name
    from int_ruled_plays
    where content_type = 'track' and artist_key is not null
),

spellings as (
    select
        artist_key,
        own_artist_key = artist_key as is_own,
        artist_cmp,
        artist_name,
        count(*) as spelling_plays,
    from plays
    group by all
),

renamed as (
    select item_key as artist_key, new_name from int_rule_names where item = 'artist'
),

artists as (
    select
        artist_key,
        first(artist_name order by is_own desc, spelling_plays desc, artist_name) as artist_name,
        first(artist_cmp order by is_own desc, spelling_plays desc, artist_cmp) as artist_name_compared,
    from spellings
    group by artist_key
)

select
    artist_key,
    coalesce(renamed.new_name, artists.artist_name) as artist_name,
    artist_name_compared,
    -- filled from Spotify and MusicBrainz by patch_dim_artist__enrichment.sql
    null::varchar as spotify_artist_id,
    null::varchar as musicbrainz_id,
    null::varchar as musicbrainz_match,
    null::varchar as artist_type,
    null::varchar as life_span_begin,
    null::varchar as life_span_end,
    null::integer as begin_year,
    null::integer as end_year,
    null::bigint as origin_location_key,
    null::varchar as origin_area_name,
from artists
left join renamed using (artist_key)
