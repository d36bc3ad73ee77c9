-- Library rows point only at existing playlists, artists and tracks, and an item is in a list at most once at a
-- time.
select 'fct_library_item.playlist_key' as failure, library_item_key::varchar as detail
from fct_library_item
where playlist_key is not null and playlist_key not in (select playlist_key from dim_playlist)
union all
select 'fct_library_item.artist_key', library_item_key::varchar
from fct_library_item
where artist_key is not null and artist_key not in (select artist_key from dim_artist)
union all
select 'bridge_library_track.track_key', item_uri
from bridge_library_track
where track_key not in (select track_key from dim_track)
union all
select 'current twice', item_uri
from fct_library_item
where is_current
group by user_key, list, playlist_key, item_uri
having count(*) > 1
