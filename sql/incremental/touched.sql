-- What an append changed touches, so the sums over it are made again from fct_play: the plays it added
-- (new_play) and the plays it removed (removed_play: a listen a Spotify play replaced, a deleted manual listen)
-- touch their listener days (agg_play_hour, agg_play_label), their items (agg_item) and their listeners
-- (agg_listener_year).
create or replace temp table changed_play as
select user_key, date_key, artist_key, track_key, album_key from new_play
union all
select user_key, date_key, artist_key, track_key, album_key from removed_play;

create or replace temp table touched_day as
select distinct user_key, date_key from changed_play;

create or replace temp table touched_item as
select distinct user_key, 'artist' as kind, artist_key as item_key from changed_play where artist_key is not null
union
select distinct user_key, 'track', track_key from changed_play where track_key is not null
union
select distinct user_key, 'album', album_key from changed_play where album_key is not null;

create or replace temp table touched_user as
select distinct user_key from changed_play;
