-- The tracks a user played most that were never among their liked songs in any snapshot ($limit of them).
with

ever_liked as (
    select distinct track_key from library_items($user) join bridge_library_track using (item_uri)
    where list = 'liked'
)

select
    track_plays.track_key,
    dim_track.track_name as name,
    dim_artist.artist_name as artist,
    track_plays.plays,
    track_plays.ms / 60000 as minutes,
    track_plays.first_played_at,
from library_track_plays($user) as track_plays
join dim_track using (track_key)
left join dim_artist on dim_artist.artist_key = dim_track.artist_key
where track_plays.track_key not in (select track_key from ever_liked)
order by track_plays.plays desc, track_plays.ms desc, name
limit $limit
