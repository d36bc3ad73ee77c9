-- Tracks and albums point at existing artists and albums.
select 'dim_track.artist_key' as key_column, track_key as dim_key from dim_track
where artist_key is not null and artist_key not in (select artist_key from dim_artist)
union all
select 'dim_track.album_key', track_key from dim_track
where album_key is not null and album_key not in (select album_key from dim_album)
union all
select 'dim_album.artist_key', album_key from dim_album
where artist_key not in (select artist_key from dim_artist)
