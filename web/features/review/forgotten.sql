-- Forgotten favourites: the five tracks played most (more than once) before a period and not once in it.
with

before as (
    select track_key, count(*) filter (where is_counted) as plays, sum(ms_played)::double as ms
    from fct_play
    where content_type = 'track' and date_key < $from_key and not is_excluded
    group by all
),

-- (not null: a podcast's null in `not in` below would leave no track forgotten)
played_in_period as (
    select distinct track_key from fct_play
    where date_key between $from_key and $to_key and not is_excluded and track_key is not null
)

select
    dim_track.track_key as key,
    dim_track.track_name as name,
    dim_artist.artist_name as "by",
    before.plays,
    before.ms / 60000 as minutes,
from before
join dim_track using (track_key)
left join dim_artist on dim_artist.artist_key = dim_track.artist_key
where before.track_key not in (select track_key from played_in_period) and before.plays > 1
order by before.plays desc, before.ms desc, name
limit 5
