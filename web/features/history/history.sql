-- One page ($limit, $offset) of the play log of a period, newest first, with the number of plays in it: the page
-- is picked first, then named. A search is history_search.sql.
with

page as (
    select * from fct_play
    where date_key between $from_key and $to_key
    order by played_at desc, play_key
    limit $limit offset $offset
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
    (select count(*) from fct_play where date_key between $from_key and $to_key) as total,
from page
left join dim_track using (track_key)
left join dim_artist on dim_artist.artist_key = page.artist_key
left join dim_album on dim_album.album_key = page.album_key
left join dim_episode using (episode_key)
order by page.played_at desc, page.play_key
