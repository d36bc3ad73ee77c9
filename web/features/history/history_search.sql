-- One page ($limit, $offset) of the plays of a period whose track, artist, album, episode or show contains
-- $search (case-insensitive), newest first, with the number of them. The search looks in the names (tens of
-- thousands) and takes the plays of what matched; only the page's plays are then named.
with

matched_tracks as (
    select track_key from dim_track where contains(lower(track_name), lower($search))
),

matched_artists as (
    select artist_key from dim_artist where contains(lower(artist_name), lower($search))
),

matched_albums as (
    select album_key from dim_album where contains(lower(album_name), lower($search))
),

matched_episodes as (
    select episode_key from dim_episode
    where contains(lower(episode_name), lower($search)) or contains(lower(show_name), lower($search))
),

matching as (
    select *, count(*) over () as total from fct_play
    where date_key between $from_key and $to_key
        and (
            track_key in (select track_key from matched_tracks)
            or artist_key in (select artist_key from matched_artists)
            or album_key in (select album_key from matched_albums)
            or episode_key in (select episode_key from matched_episodes)
        )
),

page as (
    select * from matching order by played_at desc, play_key limit $limit offset $offset
)

select
    page.played_at,
    page.content_type,
    coalesce(dim_track.track_name, dim_episode.episode_name) as title,
    coalesce(dim_artist.artist_name, dim_episode.show_name) as "by",
    dim_album.album_name as album,
    page.track_key,
    page.artist_key,
    page.album_key,
    page.ms_played,
    page.source,
    page.is_counted,
    page.is_excluded,
    page.ms_is_estimated,
    page.total,
from page
left join dim_track using (track_key)
left join dim_artist on dim_artist.artist_key = page.artist_key
left join dim_album on dim_album.album_key = page.album_key
left join dim_episode using (episode_key)
order by page.played_at desc, page.play_key
