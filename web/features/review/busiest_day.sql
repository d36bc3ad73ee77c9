-- The local day of a period with the most minutes of music.
select strftime(dim_date.date, '%Y-%m-%d') as date, sum(agg_play_hour.ms_played)::double / 60000 as minutes
from agg_play_hour join dim_date using (date_key)
where agg_play_hour.content_type = 'track' and agg_play_hour.date_key between $from_key and $to_key
group by all
order by minutes desc, date
limit 1
