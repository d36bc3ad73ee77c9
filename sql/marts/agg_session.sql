-- Each listener's listening sessions: a run of agg_play_run starts a new session when the run before it ended
-- more than SESSION_GAP_MINUTES (getvariable('session_gap_minutes')) before its first play started; a run's own
-- plays are never more than a minute apart, so a session is one run or several in a row. Habits and Review read
-- these instead of ordering ~41,000 runs per request at 350k plays (two windows and a group-by: 130 ms here).
-- Everything played counts, podcasts too. A period's sessions are these, the ones its edges cut made again from
-- their plays in it (web/features/habits/sessions.sql). Kept current like agg_play_run: new plays make a
-- listener's sessions again from the one their runs are remade in. A new gap remakes the table.
with

marked as (
    select
        *,
        coalesce(
            first_start_ms - lag(end_ms) over (partition by user_key order by first_end_ms)
                > getvariable('session_gap_minutes') * 60000,
            true
        )::integer as starts_session,
    from agg_play_run
),

numbered as (
    select
        *,
        sum(starts_session) over (partition by user_key order by first_end_ms rows unbounded preceding) as session,
    from marked
)

select
    user_key,
    -- the first play's end (by end, then start): sessions of a listener never share one, so this orders them
    min(first_end_ms) as first_end_ms,
    min(start_ms) as start_ms,
    max(end_ms) as end_ms,
    sum(plays)::bigint as plays,
    sum(ms_played)::bigint as ms_played,
    min(first_date_key) as first_date_key,
    max(last_date_key) as last_date_key,
from numbered
group by user_key, session
