-- An artist from exports is identified by the compared form of its name; the most frequent spelling is shown.
with

plays as (
    select artist_cmp, artist_name
    from int_play_rows
    where is_play and content_type = 'track' and artist_cmp is not null
),

spellings as (
    select artist_cmp, artist_name, count(*) as spelling_plays from plays group by all
)

select
    surrogate_key('artist:' || artist_cmp) as artist_key,
    first(artist_name order by spelling_plays desc, artist_name) as artist_name,
    artist_cmp as artist_name_compared,
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
from spellings
group by artist_cmp
