-- The play log of a period, newest first, one page ($limit, $offset), optionally only plays whose track,
-- artist, album, episode or show contains $search (case-insensitive); with the number of matching plays.
with

period_plays as (
    select * from fct_play where date_key between $from_key and $to_key
),

-- Without a search only one page of plays needs names: pick it first, then join the dimensions.
candidates as (
    select * from period_plays
    where $search <> ''
    union all
    (select * from period_plays where $search = '' order by played_at desc limit $limit offset $offset)
),

plays as (
    select
        fct_play.played_at,
        fct_play.content_type,
        coalesce(dim_track.track_name, dim_episode.episode_name) as title,
        coalesce(dim_artist.artist_name, dim_episode.show_name) as "by",
        dim_album.album_name as album,
        fct_play.track_key,
        fct_play.artist_key,
        fct_play.album_key,
        fct_play.ms_played,
        fct_play.source,
        fct_play.is_counted,
        fct_play.ms_is_estimated,
    from candidates as fct_play
    left join dim_track using (track_key)
    left join dim_artist on dim_artist.artist_key = fct_play.artist_key
    left join dim_album on dim_album.album_key = fct_play.album_key
    left join dim_episode using (episode_key)
),

matching as (
    select * from plays
    where $search = '' or contains(lower(concat_ws(chr(31), title, "by", album)), lower($search))
)

select
    *,
    case when $search = '' then (select count(*) from period_plays) else count(*) over () end as total,
from matching
order by played_at desc
limit $limit offset case when $search = '' then 0 else $offset end
