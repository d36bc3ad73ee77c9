-- MusicBrainz artists as /ws/2/artist/<mbid>?inc=genres described them. The area fields carry an ISO code when
-- the area is a country (or a subdivision: "US-WA"); cities have none and are walked up in int_area_countries.
-- JSON has both "begin-area" and "begin_area"; either may be missing.
with

source as (
    select substr(request, length('artist:') + 1) as mbid, response from raw_musicbrainz
    where request like 'artist:%' and status = 200 and json_type(response) = 'OBJECT'
)

select
    mbid,
    clean_name(response ->> 'name') as artist_name,
    nullif(response ->> 'type', '') as artist_type,
    nullif(response -> 'life-span' ->> 'begin', '') as life_span_begin,
    nullif(response -> 'life-span' ->> 'end', '') as life_span_end,
    try_cast(left(response -> 'life-span' ->> 'begin', 4) as integer) as begin_year,
    try_cast(left(response -> 'life-span' ->> 'end', 4) as integer) as end_year,
    upper(nullif(response ->> 'country', '')) as country_code,
    nullif(response -> 'area' ->> 'id', '') as area_id,
    clean_name(response -> 'area' ->> 'name') as area_name,
    coalesce(
        upper(response -> 'area' -> 'iso-3166-1-codes' ->> 0),
        upper(left(response -> 'area' -> 'iso-3166-2-codes' ->> 0, 2))
    ) as area_country_code,
    nullif(coalesce(response -> 'begin-area' ->> 'id', response -> 'begin_area' ->> 'id'), '') as begin_area_id,
    clean_name(coalesce(response -> 'begin-area' ->> 'name', response -> 'begin_area' ->> 'name'))
        as begin_area_name,
    coalesce(
        upper(coalesce(response -> 'begin-area', response -> 'begin_area') -> 'iso-3166-1-codes' ->> 0),
        upper(left(coalesce(response -> 'begin-area', response -> 'begin_area') -> 'iso-3166-2-codes' ->> 0, 2))
    ) as begin_area_country_code,
    response -> 'genres' as genres,
from source
