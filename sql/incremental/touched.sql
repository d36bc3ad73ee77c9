-- What the plays an append just added (new_play) touch, so the sums over them are made again from fct_play: the
-- listener days (agg_play_hour, agg_play_label), the items (agg_item), the listeners (agg_listener_year) and,
-- per listener, where their runs (agg_play_run) must be made again from.
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

-- A listener's runs are made again from the start of the run before their first new play (by end): every run
-- before it keeps its plays and the play before each, and that run may grow or split. Before every run: all.
create or replace temp table run_cut as
select
    added.user_key,
    coalesce(
        (select max(run.first_end_ms) from agg_play_run as run where run.user_key = added.user_key and run.first_end_ms < added.first_end_ms),
        -9223372036854775807
    ) as cut_ms,
from (select user_key, min(epoch_ms(played_at)) as first_end_ms from new_play group by user_key) as added;
