-- A user's library in numbers: liked songs and how many were played, the share of listening time on them,
-- followed artists and how many were played, own playlists.
with

track_plays as (from library_track_plays($user)),

liked_use as (from library_liked_use($user)),

liked_tracks as (
    select distinct track_key from library_liked($user) join bridge_library_track using (item_uri)
),

followed as (
    select artist_key from library_items($user) where list = 'followed' and is_current
)

select
    (select count(*) from liked_use)::integer as liked_tracks,
    (select count(*) from liked_use where plays > 0)::integer as liked_played,
    (select sum(ms) filter (where track_key in (select track_key from liked_tracks)) / nullif(sum(ms), 0)
     from track_plays) as liked_time_share,
    (select count(*) from followed)::integer as followed_artists,
    (select count(*) from followed
     where artist_key in (select artist_key from library_plays($user) where artist_key is not null))::integer
        as followed_played,
    (select count(*) from dim_playlist
     where user_key = surrogate_key('user:' || $user) and is_current)::integer as own_playlists
