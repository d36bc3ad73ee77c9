-- Every listening session in a period, in order: a play starts a new session when the one before it (of the
-- same listener) ended more than SESSION_GAP_MINUTES before it started (start = end − ms_played). Everything
-- played counts, podcasts too. The sessions are made at build time (agg_session); one that a period's edge cuts
-- is made again from its plays in the period, which are one session (the silences between them are as before,
-- and the first starts it). Gives what testdata/sessions_from_plays.sql gives from every play.
with

sessions as (
    select * from agg_session where first_date_key <= $to_key and last_date_key >= $from_key
),

-- the plays of the days of the sessions that cross the period's first or last day (none for all time)
edge_plays as (
    select user_key, epoch_ms(played_at) as end_ms, epoch_ms(played_at) - ms_played as start_ms, ms_played
    from fct_play
    where date_key between $from_key and $to_key and not is_excluded
        and (
            date_key <= (select max(last_date_key) from sessions where first_date_key < $from_key)
            or date_key >= (select min(first_date_key) from sessions where last_date_key > $to_key)
        )
),

cut as (
    select
        min(edge_plays.start_ms) as start_ms,
        max(edge_plays.end_ms) as end_ms,
        count(*) as plays,
        sum(edge_plays.ms_played) as ms_played,
    from sessions
    join edge_plays
        on edge_plays.user_key = sessions.user_key
        and edge_plays.end_ms between sessions.first_end_ms and sessions.end_ms
    where sessions.first_date_key < $from_key or sessions.last_date_key > $to_key
    group by sessions.user_key, sessions.first_end_ms
)

select start_ms, end_ms, plays::integer as plays, ms_played::double / 60000 as minutes
from (
    select start_ms, end_ms, plays, ms_played from sessions
    where first_date_key >= $from_key and last_date_key <= $to_key
    union all
    select * from cut
)
order by start_ms, end_ms
