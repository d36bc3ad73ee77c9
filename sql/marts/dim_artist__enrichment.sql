-- Fills dim_artist's enrichment columns from int_artist_enrichment (left null by dim_artist.sql).
update dim_artist
set
    spotify_artist_id = enrichment.spotify_artist_id,
    musicbrainz_id = enrichment.musicbrainz_id,
    musicbrainz_match = enrichment.musicbrainz_match,
    artist_type = enrichment.artist_type,
    life_span_begin = enrichment.life_span_begin,
    life_span_end = enrichment.life_span_end,
    begin_year = enrichment.begin_year,
    end_year = enrichment.end_year,
    origin_location_key = enrichment.origin_location_key,
    origin_area_name = enrichment.origin_area_name
from int_artist_enrichment as enrichment
where dim_artist.artist_key = enrichment.artist_key
