-- One artist, track or album ($item, $key): the name shown and what its rules name it by (an artist's compared
-- name; a track's or album's key), with its artist's name for tracks and albums. No row: no such item.
select
    coalesce(dim_artist.artist_name, dim_track.track_name, dim_album.album_name) as name,
    coalesce(dim_artist.artist_name_compared, dim_track.track_key::varchar, dim_album.album_key::varchar) as identity,
    by_artist.artist_name as "by",
from (select $item::varchar as item, $key::bigint as key) as asked
left join dim_artist on asked.item = 'artist' and dim_artist.artist_key = asked.key
left join dim_track on asked.item = 'track' and dim_track.track_key = asked.key
left join dim_album on asked.item = 'album' and dim_album.album_key = asked.key
left join dim_artist as by_artist on by_artist.artist_key = coalesce(dim_track.artist_key, dim_album.artist_key)
where coalesce(dim_artist.artist_key, dim_track.track_key, dim_album.album_key) is not null
