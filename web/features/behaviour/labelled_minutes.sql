-- Music in a period by platform family or by why plays started or ended ($by: 'platform', 'reason start',
-- 'reason end'): counted plays, minutes and share of the minutes, most first (from agg_play_label).
select
    label,
    sum(counted_plays) as plays,
    sum(ms_played)::double / 60000 as minutes,
    sum(ms_played) / sum(sum(ms_played)) over () as share,
from agg_play_label
where label_kind = $by and date_key between $from_key and $to_key
group by label
order by minutes desc, label
