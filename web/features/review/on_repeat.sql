-- A period's five most played tracks: counted per track first, named last (grouped with the names, as it was, the
-- hash table held every track's name and artist: 46 -> 23 ms for a year at 350k plays).
with

ranked as (
    select track_key, count(*) filter (where is_counted) as plays, sum(ms_played)::double / 60000 as minutes,
    from fct_play
    where date_key between $from_key and $to_key and track_key is not null and not is_excluded
    group by track_key
)

select
    dim_track.track_key as key,
    dim_track.track_name as name,
    dim_artist.artist_name as "by",
    ranked.plays,
    ranked.minutes,
from ranked
join dim_track using (track_key)
left join dim_artist on dim_artist.artist_key = dim_track.artist_key
order by ranked.plays desc, ranked.minutes desc, name
limit 5
