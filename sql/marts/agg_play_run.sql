-- Each listener's runs of plays: a play starts a new run when the one before it (by end, then start) ended more
-- than a minute before it started (start = end − ms_played). A listening session of any gap of a minute or more
-- (SESSION_GAP_MINUTES) is one run or several in a row, so Habits and Review make sessions from these (about one
-- row per 8 plays) instead of ordering every play per request. Everything played counts, podcasts too.
-- Kept current like agg_play_hour: new plays make a listener's runs again from the run before the first of them.
-- In epoch milliseconds: timestamptz arithmetic goes through ICU and costs ~10x as much.
with

plays as (
    select
        user_key,
        epoch_ms(played_at) as end_ms,
        epoch_ms(played_at) - ms_played as start_ms,
        ms_played,
        date_key,
        play_key,
    from fct_play
    where not is_excluded
),

-- one total order (play_key breaks ties) for both windows, so the same plays always make the same runs
marked as (
    select
        *,
        coalesce(start_ms - lag(end_ms) over (partition by user_key order by end_ms, start_ms, play_key) > 60000, true)
            ::integer as starts_run,
    from plays
),

numbered as (
    select
        *,
        sum(starts_run) over (partition by user_key order by end_ms, start_ms, play_key rows unbounded preceding)
            as run,
    from marked
)

select
    user_key,
    -- the first play (by end, then start): runs of a listener never share an end, so this orders them
    min(end_ms) as first_end_ms,
    max(start_ms) filter (where starts_run = 1) as first_start_ms,
    min(start_ms) as start_ms,
    max(end_ms) as end_ms,
    count(*) as plays,
    sum(ms_played)::bigint as ms_played,
    min(date_key) as first_date_key,
    max(date_key) as last_date_key,
from numbered
group by user_key, run
