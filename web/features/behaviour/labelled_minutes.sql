-- Music in a period by platform family (the platform_family macro) or by why plays started or ended ($by:
-- 'platform', 'reason start', 'reason end'): counted plays, minutes and share of the minutes, most first.
with

labelled as (
    select
        case $by
            when 'platform' then platform_family(platform)
            when 'reason start' then coalesce(nullif(reason_start, ''), 'unknown')
            else coalesce(nullif(reason_end, ''), 'unknown')
        end as label,
        is_counted,
        ms_played,
    from fct_play
    where content_type = 'track' and date_key between $from_key and $to_key
)

select
    label,
    count(*) filter (where is_counted) as plays,
    sum(ms_played)::double / 60000 as minutes,
    sum(ms_played) / sum(sum(ms_played)) over () as share,
from labelled
group by label
order by minutes desc, label
