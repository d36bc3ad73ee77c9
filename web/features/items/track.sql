-- One track, with its artist and album (columns as in artist.sql).
select
    dim_track.track_key as key,
    dim_track.track_name as name,
    dim_track.artist_key,
    dim_artist.artist_name,
    dim_track.album_key,
    dim_album.album_name,
    null as artist_type,
    null as origin_country,
    null as origin_area,
    null as life_span,
    null as musicbrainz_id,
    dim_track.duration_ms,
    dim_track.explicit,
    dim_track.isrc,
    null as release_date,
    null as album_type,
    null::integer as total_tracks,
from dim_track
left join dim_artist on dim_artist.artist_key = dim_track.artist_key
left join dim_album on dim_album.album_key = dim_track.album_key
where dim_track.track_key = $key
