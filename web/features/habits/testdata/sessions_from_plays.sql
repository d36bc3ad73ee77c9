-- The reference for sessions.sql, straight from every play as the Habits page once did per request: every
-- listening session in a period, in order; a play starts a new session when the one before it (of the same
-- listener) ended more than $gap minutes before it started (start = end − ms_played). Tests only.
with

plays as (
    select user_key, epoch_ms(played_at) as end_ms, epoch_ms(played_at) - ms_played as start_ms, ms_played
    from fct_play
    where date_key between $from_key and $to_key and not is_excluded
),

-- one order for both windows below, ties broken, so the same plays always make the same sessions
ordered as (
    select *, row_number() over (partition by user_key order by end_ms, start_ms) as seq from plays
),

marked as (
    select
        *,
        coalesce(start_ms - lag(end_ms) over (partition by user_key order by seq) > $gap * 60000, true)::integer
            as starts_session,
    from ordered
),

numbered as (
    select *, sum(starts_session) over (partition by user_key order by seq rows unbounded preceding) as session_id
    from marked
)

select
    min(start_ms) as start_ms,
    max(end_ms) as end_ms,
    count(*)::integer as plays,
    sum(ms_played)::double / 60000 as minutes,
from numbered
group by user_key, session_id
order by start_ms, end_ms
