-- The aggregate marts sum exactly the plays, per listener: plays, counted plays and milliseconds in
-- agg_play_hour (everything), agg_play_label (music, per label kind), agg_item's artists and tracks (music with
-- an artist, all music), agg_listener_year's counted music plays and agg_play_run's plays and milliseconds
-- equal fct_play's, leaving out the plays an exclusion rule keeps out of statistics. Catches an incremental
-- append that drifts.
with

plays as (
    select
        user_key,
        count(*) as plays,
        count(*) filter (where is_counted) as counted,
        coalesce(sum(ms_played), 0) as ms,
        count(*) filter (where content_type = 'track') as music,
        count(*) filter (where content_type = 'track' and is_counted) as music_counted,
        coalesce(sum(ms_played) filter (where content_type = 'track'), 0) as music_ms,
        count(*) filter (where content_type = 'track' and artist_key is not null) as with_artist,
    from fct_play
    where not is_excluded
    group by user_key
),

sums as (
    select
        user_key,
        (select sum(plays) from agg_play_hour as a where a.user_key = u.user_key) as plays,
        (select sum(counted_plays) from agg_play_hour as a where a.user_key = u.user_key) as counted,
        (select sum(ms_played) from agg_play_hour as a where a.user_key = u.user_key) as ms,
        (select sum(counted_plays) from agg_play_label as a where a.user_key = u.user_key and label_kind = 'platform')
            as music_counted_labelled,
        (select sum(ms_played) from agg_play_label as a where a.user_key = u.user_key and label_kind = 'reason end')
            as music_ms,
        (select sum(plays) from agg_item as a where a.user_key = u.user_key and kind = 'track') as track_plays,
        (select sum(plays) from agg_item as a where a.user_key = u.user_key and kind = 'artist') as artist_plays,
        (select sum(plays) from agg_listener_year as a where a.user_key = u.user_key) as year_counted,
        (select sum(plays) from agg_play_run as a where a.user_key = u.user_key) as run_plays,
        (select sum(ms_played) from agg_play_run as a where a.user_key = u.user_key) as run_ms,
    from dim_user as u
)

select user_key, 'plays or minutes differ' as problem
from plays
full join sums using (user_key)
where coalesce(plays.plays, 0) <> coalesce(sums.plays, 0)
    or coalesce(plays.counted, 0) <> coalesce(sums.counted, 0)
    or coalesce(plays.ms, 0) <> coalesce(sums.ms, 0)
    or coalesce(plays.music_counted, 0) <> coalesce(sums.music_counted_labelled, 0)
    or coalesce(plays.music_ms, 0) <> coalesce(sums.music_ms, 0)
    or coalesce(plays.music, 0) <> coalesce(sums.track_plays, 0)
    or coalesce(plays.with_artist, 0) <> coalesce(sums.artist_plays, 0)
    or coalesce(plays.music_counted, 0) <> coalesce(sums.year_counted, 0)
    or coalesce(plays.plays, 0) <> coalesce(sums.run_plays, 0)
    or coalesce(plays.ms, 0) <> coalesce(sums.run_ms, 0)
