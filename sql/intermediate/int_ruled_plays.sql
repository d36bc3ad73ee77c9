-- The plays (int_play_rows where is_play) with the merge rules applied: each play's artist, track and album key
-- is the one its own (`own_*_key`, kept for the dimensions to choose names by) is merged into (int_rule_merges),
-- else its own. The marts read the plays from here; int_excluded_plays says which the exclusions leave out.
with

plays as (
    select * from int_play_rows
    where is_play
),

-- one input per kind of item: a CTE read three times would be materialised (7x slower at 350k plays)
artist_merges as (
    select from_key, into_key from int_rule_merges where item = 'artist'
),

track_merges as (
    select from_key, into_key from int_rule_merges where item = 'track'
),

album_merges as (
    select from_key, into_key from int_rule_merges where item = 'album'
)

select
    plays.*,
    coalesce(artist.into_key, plays.own_artist_key) as artist_key,
    coalesce(track.into_key, plays.own_track_key) as track_key,
    coalesce(album.into_key, plays.own_album_key) as album_key,
from plays
left join artist_merges as artist on artist.from_key = plays.own_artist_key
left join track_merges as track on track.from_key = plays.own_track_key
left join album_merges as album on album.from_key = plays.own_album_key
