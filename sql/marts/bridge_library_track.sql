-- Which played tracks (dim_track) each library track is: the one with its Spotify URI, and any with the same
-- compared track and artist names (Account data and scrobbles carry no URI, and Spotify gives one song an id per
-- release, so a song liked from an album matches plays of the single), the artist merge rules applied.
with

library_tracks as (
    select distinct item_uri, item_cmp, artist_cmp
    from stg_spotify__library_items
    where list <> 'followed' and item_cmp is not null
),

tracks as (
    select track_key, track_uri, compared_name(track_name) as track_cmp, artist_key
    from dim_track
)

select library_tracks.item_uri, tracks.track_key
from library_tracks
join tracks on tracks.track_uri = library_tracks.item_uri
union
select library_tracks.item_uri, tracks.track_key
from library_tracks
join tracks
    on tracks.track_cmp = library_tracks.item_cmp
    and tracks.artist_key = coalesce(
        (
            select into_key from int_rule_merges
            where item = 'artist' and from_key = surrogate_key('artist:' || library_tracks.artist_cmp)
        ),
        surrogate_key('artist:' || library_tracks.artist_cmp)
    )
