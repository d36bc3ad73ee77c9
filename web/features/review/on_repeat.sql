-- A period's five most played tracks.
select
    dim_track.track_key as key,
    dim_track.track_name as name,
    dim_artist.artist_name as "by",
    count(*) filter (where fct_play.is_counted) as plays,
    sum(fct_play.ms_played)::double / 60000 as minutes,
from fct_play
join dim_track using (track_key)
left join dim_artist on dim_artist.artist_key = dim_track.artist_key
where fct_play.date_key between $from_key and $to_key and not fct_play.is_excluded
group by all
order by plays desc, minutes desc, name
limit 5
