-- The aggregate marts sum exactly the plays, per listener: plays, counted plays and milliseconds in
-- agg_play_hour (everything), agg_play_label (music, per label kind), agg_item's artists and tracks (music with
-- an artist, all music), agg_listener_year's counted music plays, and agg_play_run's and agg_session's plays and
-- milliseconds equal fct_play's, leaving out the plays an exclusion rule keeps out of statistics. Catches an incremental
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

-- every aggregate's sums per listener, in one pass over them all (one correlated sum per figure took ~10x as long)
sums as (
    select
        user_key,
        sum(plays) as plays,
        sum(counted) as counted,
        sum(ms) as ms,
        sum(music_counted_labelled) as music_counted_labelled,
        sum(music_ms) as music_ms,
        sum(track_plays) as track_plays,
        sum(artist_plays) as artist_plays,
        sum(year_counted) as year_counted,
        sum(run_plays) as run_plays,
        sum(run_ms) as run_ms,
        sum(session_plays) as session_plays,
        sum(session_ms) as session_ms,
    from (
        select user_key, plays, counted_plays as counted, ms_played as ms from agg_play_hour
        union all by name
        select user_key, counted_plays as music_counted_labelled from agg_play_label where label_kind = 'platform'
        union all by name
        select user_key, ms_played as music_ms from agg_play_label where label_kind = 'reason end'
        union all by name
        select user_key, plays as track_plays from agg_item where kind = 'track'
        union all by name
        select user_key, plays as artist_plays from agg_item where kind = 'artist'
        union all by name
        select user_key, plays as year_counted from agg_listener_year
        union all by name
        select user_key, plays as run_plays, ms_played as run_ms from agg_play_run
        union all by name
        select user_key, plays as session_plays, ms_played as session_ms from agg_session
    )
    group by user_key
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
    or coalesce(plays.plays, 0) <> coalesce(sums.session_plays, 0)
    or coalesce(plays.ms, 0) <> coalesce(sums.session_ms, 0)
