-- Library snapshot rows (liked songs, followed artists, own playlists' tracks) with clean and compared names and
-- the Spotify id their URI carries (none for local files).
select
    user_name,
    list,
    playlist_id,
    item_uri,
    nullif(regexp_extract(item_uri, '^spotify:(?:track|artist):([0-9A-Za-z]+)$', 1), '') as spotify_id,
    added_at,
    clean_name(item_name) as item_name,
    clean_name(artist_name) as artist_name,
    clean_name(album_name) as album_name,
    compared_name(item_name) as item_cmp,
    -- a followed item is the artist itself
    compared_name(case when list = 'followed' then item_name else artist_name end) as artist_cmp,
    valid_from,
    valid_to,
from snapshot_spotify_library_item
