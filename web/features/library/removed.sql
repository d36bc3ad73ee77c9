-- The songs the snapshots saw leave a user's liked songs, latest first.
select item_name as name, artist_name as artist, album_name as album, added_at, valid_to as removed_at
from library_items($user)
where list = 'liked' and not is_current and item_uri not in (select item_uri from library_liked($user))
order by valid_to desc, name
limit 10
