-- A user's own playlists: tracks, how many of them were played, hours on them, when one was last added.
with

items as (
    select
        library.playlist_key,
        library.library_item_key,
        library.added_at,
        coalesce(sum(track_plays.plays), 0) as plays,
        coalesce(sum(track_plays.ms), 0) as ms,
    from library_items($user) as library
    left join bridge_library_track using (item_uri)
    left join library_track_plays($user) as track_plays using (track_key)
    where library.list = 'playlist' and library.is_current
    group by all
)

select
    dim_playlist.playlist_name as name,
    count(items.library_item_key)::integer as tracks,
    count(items.library_item_key) filter (where items.plays > 0)::integer as tracks_played,
    coalesce(sum(items.ms), 0) / 3600000 as hours,
    max(items.added_at) as last_added_at,
from dim_playlist
left join items using (playlist_key)
where dim_playlist.user_key = surrogate_key('user:' || $user) and dim_playlist.is_current
group by dim_playlist.playlist_key, dim_playlist.playlist_name
order by hours desc, name
