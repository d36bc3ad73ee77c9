-- This week and this month so far against the same days before: minutes (all content) from Monday to $today
-- and over the same weekdays of the week before; from the 1st of the month to $today and over the same days of
-- the month before. $today is a local date. From the sums per day and hour.
with

spans as (
    select
        $today::date as today,
        $today::date - (isodow($today::date) - 1)::integer as week_start,
        date_trunc('month', $today::date)::date as month_start,
        date_trunc('month', $today::date - interval 1 month)::date as previous_month_start,
),

keys as (
    select
        date_key_of(today) as today,
        date_key_of(week_start) as week_start,
        date_key_of(today - 7) as previous_today,
        date_key_of(week_start - 7) as previous_week_start,
        date_key_of(month_start) as month_start,
        date_key_of(previous_month_start) as previous_month_start,
        -- the same day of the month before, or its last day (31 March → 29 February)
        date_key_of(least(today - interval 1 month, month_start - 1)) as previous_month_today,
    from spans
)

select
    coalesce(sum(ms_played) filter (where date_key between week_start and today), 0)::double / 60000
        as week_minutes,
    coalesce(sum(ms_played) filter (where date_key between previous_week_start and previous_today), 0)::double
        / 60000 as previous_week_minutes,
    coalesce(sum(ms_played) filter (where date_key between month_start and today), 0)::double / 60000
        as month_minutes,
    coalesce(sum(ms_played) filter (where date_key between previous_month_start and previous_month_today), 0)::double
        / 60000 as previous_month_minutes,
from agg_play_hour, keys
where date_key between least(previous_month_start, previous_week_start) and today
