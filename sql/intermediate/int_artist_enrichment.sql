-- What enrichment knows about each artist of dim_artist: its Spotify id, its MusicBrainz match, type,
-- life span and origin country. Origin is the country of the artist's MusicBrainz `area` (its own code, the
-- artist's `country` field, or found by walking the area up), else the country of its `begin-area`; codes not
-- in the countries seed (such as XW, "worldwide") mean unknown.
with

artists as (
    select artist_key, artist_name_compared from dim_artist
),

countries as (
    select alpha2 as country_code from seed_countries
),

musicbrainz as (
    select
        match.artist_name_compared,
        match.mbid,
        match.method,
        artist.artist_type,
        artist.life_span_begin,
        artist.life_span_end,
        artist.begin_year,
        artist.end_year,
        artist.area_name,
        artist.begin_area_name,
        coalesce(artist.area_country_code, artist.country_code, area.country_code) as area_country_code,
        coalesce(artist.begin_area_country_code, begin_area.country_code) as begin_area_country_code,
    from enrich_artist_match as match
    left join stg_musicbrainz__artists as artist using (mbid)
    left join int_area_countries as area on area.area_id = artist.area_id
    left join int_area_countries as begin_area on begin_area.area_id = artist.begin_area_id
),

origins as (
    select
        musicbrainz.*,
        case
            when area_country_code in (select country_code from countries) then area_country_code
            when begin_area_country_code in (select country_code from countries) then begin_area_country_code
        end as origin_country_code,
    from musicbrainz
)

select
    artists.artist_key,
    spotify.spotify_artist_id,
    origins.mbid as musicbrainz_id,
    origins.method as musicbrainz_match,
    origins.artist_type,
    origins.life_span_begin,
    origins.life_span_end,
    origins.begin_year,
    origins.end_year,
    case when origins.origin_country_code is not null then surrogate_key('country:' || origins.origin_country_code) end
        as origin_location_key,
    case
        when origins.origin_country_code = origins.area_country_code then origins.area_name
        else origins.begin_area_name
    end as origin_area_name,
from artists
left join int_artist_spotify_ids as spotify using (artist_name_compared)
left join origins using (artist_name_compared)
where spotify.spotify_artist_id is not null or origins.artist_name_compared is not null
