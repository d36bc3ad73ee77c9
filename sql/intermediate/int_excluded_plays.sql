-- The plays an exclusion rule leaves out of statistics (fct_play.is_excluded): those whose artist, track or album
-- (merged, or its own) or show an exclusion names, for everyone or for the play's listener. Equality joins on one
-- kind of item each: with no exclusions, each is over before it reads a play.
with

artists as (
    select item_key, user_name from int_rule_exclusions where item = 'artist'
),

tracks as (
    select item_key, user_name from int_rule_exclusions where item = 'track'
),

albums as (
    select item_key, user_name from int_rule_exclusions where item = 'album'
),

shows as (
    select item_key, user_name from int_rule_exclusions where item = 'show'
),

matched as (
    select play_key, plays.user_name, artists.user_name as only_for
    from int_ruled_plays as plays join artists on artists.item_key = plays.artist_key
    union all
    select play_key, plays.user_name, artists.user_name
    from int_ruled_plays as plays join artists on artists.item_key = plays.own_artist_key
    union all
    select play_key, plays.user_name, tracks.user_name
    from int_ruled_plays as plays join tracks on tracks.item_key = plays.track_key
    union all
    select play_key, plays.user_name, tracks.user_name
    from int_ruled_plays as plays join tracks on tracks.item_key = plays.own_track_key
    union all
    select play_key, plays.user_name, albums.user_name
    from int_ruled_plays as plays join albums on albums.item_key = plays.album_key
    union all
    select play_key, plays.user_name, albums.user_name
    from int_ruled_plays as plays join albums on albums.item_key = plays.own_album_key
    union all
    select play_key, plays.user_name, shows.user_name
    from int_ruled_plays as plays
    join shows on shows.item_key = surrogate_key('show:' || compared_name(plays.show_name))
    where plays.content_type <> 'track'
)

select distinct play_key
from matched
where only_for is null or only_for = user_name
