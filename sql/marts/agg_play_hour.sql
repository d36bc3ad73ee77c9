-- Plays summed per listener, local day, local hour and kind of content, with how many say whether they were
-- skipped, on shuffle, offline or incognito, and how many were: what the pages about time and behaviour read
-- instead of every play (Overview, Timeline, Time, Podcasts, Behaviour's flags, Habits' streaks, Review's clock
-- and busiest day). About one row per 7 plays. A full build makes it from fct_play; adding plays without a
-- rebuild (appendPlays in warehouse/append.ts) runs this same select over the plays of the days they touch.
select
    user_key,
    date_key,
    time_key // 60 as hour,
    content_type,
    count(*) as plays,
    count(*) filter (where is_counted) as counted_plays,
    sum(ms_played)::bigint as ms_played,
    min(played_at) as first_played_at,
    max(played_at) as last_played_at,
    count(skipped) as skipped_known,
    count(*) filter (where skipped) as skipped,
    count(shuffle) as shuffle_known,
    count(*) filter (where shuffle) as shuffle,
    count(offline) as offline_known,
    count(*) filter (where offline) as offline,
    count(incognito) as incognito_known,
    count(*) filter (where incognito) as incognito,
from fct_play
where not is_excluded
group by all
