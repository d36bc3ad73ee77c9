-- One artist, with what enrichment knows of it; the columns every item query returns (null where they do not
-- apply).
select
    artist_key as key,
    artist_name as name,
    null::bigint as artist_key,
    null as artist_name,
    null::bigint as album_key,
    null as album_name,
    artist_type,
    (select country_name from dim_location where location_key = origin_location_key) as origin_country,
    origin_area_name as origin_area,
    case when life_span_begin is not null or life_span_end is not null
        then coalesce(life_span_begin, '?') || ' – ' || coalesce(life_span_end, '') end as life_span,
    musicbrainz_id,
    null::bigint as duration_ms,
    null::boolean as explicit,
    null as isrc,
    null as release_date,
    null as album_type,
    null::integer as total_tracks,
from dim_artist
where artist_key = $key
