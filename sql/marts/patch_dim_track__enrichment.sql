-- Fills dim_track's enrichment columns (left null by dim_track.sql) from int_track_enrichment, by name (its album
-- key is dim_track's own, its Spotify track id is not a column of dim_track).
merge into dim_track
using (select * exclude (album_key, spotify_track_id) from int_track_enrichment) as enrichment
using (track_key)
when matched then update by name
