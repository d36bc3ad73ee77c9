-- One row per stretch of time an item was in a user's library: a liked song, a followed artist, or a track of
-- one of their own playlists (is_current while it still is). artist_key points at dim_artist when the artist was
-- played: by Spotify id once enrichment knows it (followed artists), else by compared name. Which plays a
-- library track is: bridge_library_track.
with

items as (
    select * from stg_spotify__library_items
),

artist_ids as (
    select spotify_artist_id, artist_key
    from dim_artist
    where spotify_artist_id is not null
    qualify row_number() over (partition by spotify_artist_id order by artist_key) = 1
)

select
    surrogate_key(
        'library:' || items.user_name || chr(31) || items.list || chr(31) || items.playlist_id || chr(31)
        || items.item_uri || chr(31) || epoch_ms(items.valid_from)
    ) as library_item_key,
    surrogate_key('user:' || items.user_name) as user_key,
    items.list,
    case
        when items.list = 'playlist' then surrogate_key('playlist:' || items.user_name || chr(31) || items.playlist_id)
    end as playlist_key,
    items.item_uri,
    items.item_name,
    items.artist_name,
    items.album_name,
    coalesce(by_id.artist_key, by_name.artist_key) as artist_key,
    items.added_at,
    items.valid_from,
    items.valid_to,
    items.valid_to is null as is_current,
from items
left join artist_ids as by_id
    on items.list = 'followed' and by_id.spotify_artist_id = items.spotify_id
left join dim_artist as by_name
    on by_name.artist_name_compared = items.artist_cmp
