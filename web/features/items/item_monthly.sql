-- Minutes and counted plays per local month of one artist, track or album ($kind, $key); months without plays
-- are left out.
select
    strftime(date_trunc('month', dim_date.date), '%Y-%m-%d') as month,
    sum(ms_played)::double / 60000 as minutes,
    count(*) filter (where is_counted) as plays,
from fct_play
join dim_date using (date_key)
where case $kind when 'artist' then artist_key when 'track' then track_key else album_key end = $key
    and not is_excluded
group by all
order by month
