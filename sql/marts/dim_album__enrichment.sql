-- Fills dim_album's enrichment columns from int_album_enrichment (left null by dim_album.sql).
update dim_album
set
    spotify_album_id = enrichment.spotify_album_id,
    release_date = enrichment.release_date,
    release_date_precision = enrichment.release_date_precision,
    release_year = enrichment.release_year,
    album_type = enrichment.album_type,
    total_tracks = enrichment.total_tracks
from int_album_enrichment as enrichment
where dim_album.album_key = enrichment.album_key
