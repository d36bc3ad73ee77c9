-- Fills dim_track's enrichment columns from int_track_enrichment (left null by dim_track.sql).
update dim_track
set
    duration_ms = enrichment.duration_ms,
    explicit = enrichment.explicit,
    isrc = enrichment.isrc,
    spotify_album_id = enrichment.spotify_album_id
from int_track_enrichment as enrichment
where dim_track.track_key = enrichment.track_key
