-- One album, with its artist and release (columns as in artist.sql).
select
    dim_album.album_key as key,
    dim_album.album_name as name,
    dim_album.artist_key,
    dim_artist.artist_name,
    null::bigint as album_key,
    null as album_name,
    null as artist_type,
    null as origin_country,
    null as origin_area,
    null as life_span,
    null as musicbrainz_id,
    null::bigint as duration_ms,
    null::boolean as explicit,
    null as isrc,
    case dim_album.release_date_precision
        when 'day' then strftime(dim_album.release_date, '%Y-%m-%d')
        when 'month' then strftime(dim_album.release_date, '%Y-%m')
        when 'year' then strftime(dim_album.release_date, '%Y')
    end as release_date,
    dim_album.album_type,
    dim_album.total_tracks,
from dim_album
left join dim_artist on dim_artist.artist_key = dim_album.artist_key
where dim_album.album_key = $key
