-- The listens typed in by hand (source 'manual'), newest first: who, what, when it started, how long.
select
    fct_play.listen_id,
    dim_user.user_name,
    fct_play.played_at - to_milliseconds(fct_play.ms_played) as started_at,
    fct_play.ms_played // 1000 as seconds,
    fct_play.ms_is_estimated,
    dim_track.track_name,
    dim_artist.artist_name,
    dim_album.album_name,
from fct_play
join dim_user using (user_key)
join dim_track using (track_key)
left join dim_artist on dim_artist.artist_key = fct_play.artist_key
left join dim_album on dim_album.album_key = fct_play.album_key
where fct_play.source = 'manual'
order by started_at desc, fct_play.listen_id desc
limit $1
