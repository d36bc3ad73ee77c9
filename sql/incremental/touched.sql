-- What an append changed touches, so the sums over it are made again from fct_play: the plays it added
-- (new_play) and the plays it removed (removed_play: a listen a Spotify play replaced, a deleted manual listen)
-- touch their listener days (agg_play_hour, agg_play_label), their items (agg_item) and, per listener, the years
-- (agg_listener_year), runs (agg_play_run) and sessions (agg_session) to be made again from.
create or replace temp table changed_play as
select user_key, date_key, artist_key, track_key, album_key, played_at from new_play
union all
select user_key, date_key, artist_key, track_key, album_key, played_at from removed_play;

create or replace temp table touched_day as
select distinct user_key, date_key from changed_play;

-- (one distinct over the three: a distinct per kind and a union made four hash tables, 48 of an ingest's ms)
create or replace temp table touched_item as
select distinct user_key, kind, item_key
from (
    select user_key, 'artist' as kind, artist_key as item_key from changed_play where artist_key is not null
    union all
    select user_key, 'track', track_key from changed_play where track_key is not null
    union all
    select user_key, 'album', album_key from changed_play where album_key is not null
);

-- A listener's years from the earliest one a changed play is in (cut_key: its first day's key, yyyy0000): each of
-- those years' sums, and which artists each year discovered (an earlier first play of an artist moves its
-- discovery to that year; a removed one, to a later year). Earlier years keep their plays and their artists' first
-- years.
create or replace temp table year_cut as
select user_key, min(date_key) // 10000 * 10000 as cut_key from changed_play group by user_key;

-- A listener's runs are made again from the start of the run before their first changed play (by end): every run
-- before it keeps its plays and the play before each, and that run may grow, split or shrink. Before every run:
-- all.
create or replace temp table run_cut as
select
    changed.user_key,
    coalesce(
        (select max(run.first_end_ms) from agg_play_run as run where run.user_key = changed.user_key and run.first_end_ms < changed.first_end_ms),
        -9223372036854775807
    ) as cut_ms,
from (select user_key, min(epoch_ms(played_at)) as first_end_ms from changed_play group by user_key) as changed;

-- A listener's sessions are made again from the start of the one their first remade run is in: every session
-- before it keeps its runs and the silence after it. Before every session: all.
create or replace temp table session_cut as
select
    run_cut.user_key,
    coalesce(
        (select max(session.first_end_ms) from agg_session as session where session.user_key = run_cut.user_key and session.first_end_ms <= run_cut.cut_ms),
        -9223372036854775807
    ) as cut_ms,
from run_cut;
