-- Your own playlists, each as last seen: is_current is false once it was deleted (or is no longer yours).
select
    surrogate_key('playlist:' || user_name || chr(31) || playlist_id) as playlist_key,
    surrogate_key('user:' || user_name) as user_key,
    playlist_id,
    coalesce(clean_name(name), playlist_id) as playlist_name,
    entries,
    min(valid_from) over (partition by user_name, playlist_id) as first_seen_at,
    valid_from as changed_at,
    valid_to as gone_at,
    valid_to is null as is_current,
from snapshot_spotify_playlist
qualify row_number() over (partition by user_name, playlist_id order by valid_from desc) = 1
