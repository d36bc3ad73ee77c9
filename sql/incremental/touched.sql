-- What the plays an append just added (new_play) touch, so the sums over them are made again from fct_play: the
-- listener days (agg_play_hour, agg_play_label), the items (agg_item) and the listeners (agg_listener_year).
create or replace temp table touched_day as
select distinct user_key, date_key from new_play;

create or replace temp table touched_item as
select distinct user_key, 'artist' as kind, artist_key as item_key from new_play where artist_key is not null
union
select distinct user_key, 'track', track_key from new_play where track_key is not null
union
select distinct user_key, 'album', album_key from new_play where album_key is not null;

create or replace temp table touched_user as
select distinct user_key from new_play;
