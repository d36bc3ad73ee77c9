-- The plays (int_play_rows where is_play) with the rules applied: a split credit's first name as the artist, and
-- each play's artist, track and album key the one its own (`own_*_key`, kept for the dimensions to choose names
-- by) is merged into (int_rule_merges), else its own. The marts read the plays from here; int_excluded_plays
-- says which the exclusions leave out.
with

-- a split credit's artist is its first name (int_rule_splits); names_artist_cmp keeps the name as played, which
-- matches a listen to a Spotify play of the same song (fct_play.names_key)
plays as (
    select
        play.* replace (
            coalesce(split.primary_name, play.artist_name) as artist_name,
            coalesce(split.primary_cmp, play.artist_cmp) as artist_cmp,
            coalesce(own_artist_key(play.content_type, split.primary_cmp), play.own_artist_key) as own_artist_key
        ),
        play.artist_cmp as names_artist_cmp,
    from int_play_rows as play
    left join int_rule_splits as split on split.artist_name = play.artist_name and play.content_type = 'track'
    where play.is_play
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
