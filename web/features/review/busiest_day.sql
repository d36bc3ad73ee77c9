-- The local day of a period with the most minutes of music.
select strftime(dim_date.date, '%Y-%m-%d') as date, sum(fct_play.ms_played)::double / 60000 as minutes
from fct_play join dim_date using (date_key)
where fct_play.content_type = 'track' and fct_play.date_key between $from_key and $to_key
group by all
order by minutes desc, date
limit 1
