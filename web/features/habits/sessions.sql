-- Every listening session in a period, in order: a play starts a new session when the one before it (of the
-- same listener) ended more than $gap minutes before it started (start = end − ms_played). Everything played
-- counts, podcasts too. Made from the runs of agg_play_run (no more than a minute between plays), which join into
-- sessions where less than $gap minutes separate them; a run the period's edge cuts is made again from its plays
-- in the period. Gives what testdata/sessions_from_plays.sql gives from every play.
with

runs as (
    select * from agg_play_run where first_date_key <= $to_key and last_date_key >= $from_key
),

whole as (
    select user_key, first_end_ms, first_start_ms, start_ms, end_ms, plays, ms_played
    from runs
    where first_date_key >= $from_key and last_date_key <= $to_key
),

-- the plays of the days of the runs that cross the period's first or last day (none for all time)
edge_plays as (
    select user_key, epoch_ms(played_at) as end_ms, epoch_ms(played_at) - ms_played as start_ms, ms_played
    from fct_play
    where date_key between $from_key and $to_key and not is_excluded
        and (
            date_key <= (select max(last_date_key) from runs where first_date_key < $from_key)
            or date_key >= (select min(first_date_key) from runs where last_date_key > $to_key)
        )
),

-- a cut run keeps its first play's start only if that play is in the period; otherwise its first play here is
-- the period's first, which starts a session whatever came before
cut as (
    select
        runs.user_key,
        min(edge_plays.end_ms) as first_end_ms,
        any_value(runs.first_start_ms) filter (where runs.first_date_key >= $from_key) as first_start_ms,
        min(edge_plays.start_ms) as start_ms,
        max(edge_plays.end_ms) as end_ms,
        count(*) as plays,
        sum(edge_plays.ms_played)::bigint as ms_played,
    from runs
    join edge_plays
        on edge_plays.user_key = runs.user_key
        and edge_plays.end_ms between runs.first_end_ms and runs.end_ms
    where runs.first_date_key < $from_key or runs.last_date_key > $to_key
    group by runs.user_key, runs.first_end_ms
),

parts as (
    select * from whole
    union all
    select * from cut
),

marked as (
    select
        *,
        coalesce(first_start_ms - lag(end_ms) over (partition by user_key order by first_end_ms) > $gap * 60000, true)
            ::integer as starts_session,
    from parts
),

numbered as (
    select
        *,
        sum(starts_session) over (partition by user_key order by first_end_ms rows unbounded preceding) as session,
    from marked
)

select
    min(start_ms) as start_ms,
    max(end_ms) as end_ms,
    sum(plays)::integer as plays,
    sum(ms_played)::double / 60000 as minutes,
from numbered
group by user_key, session
order by start_ms, end_ms
