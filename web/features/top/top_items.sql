-- One page of the top artists, tracks or albums ($kind) of a period, ranked by counted plays or by minutes
-- ($by), ties by minutes then name; with each one's share of the period's minutes of its kind, and how many
-- there are in all. Grouped by key first: the names are joined to the page's rows only.
-- All time ($all_time) reads the sums per item kept in agg_item instead of every play.
with

plays as (
    select
        case $kind when 'artists' then artist_key when 'tracks' then track_key else album_key end as key,
        is_counted,
        ms_played,
    from fct_play
    where date_key between $from_key and $to_key and not $all_time and not is_excluded
),

-- materialized: totals and shared both read it, and DuckDB would otherwise scan and group the plays twice (a
-- third of this query's time)
ranked as materialized (
    -- all time: the sums per item kept at build time, one row per listener: summed over the listeners shown
    select item_key as key, sum(counted_plays)::bigint as plays, sum(ms_played)::double as ms,
    from agg_item
    where $all_time and kind = rtrim($kind, 's')
    group by item_key
    union all
    select key, count(*) filter (where is_counted) as plays, sum(ms_played)::double as ms,
    from plays
    where key is not null
    group by key
),

-- the period's minutes and items of this kind, joined rather than windowed over ranked: DuckDB 1.5's parallel
-- window over this union failed now and then ("INTERNAL Error: Attempted to access index 1 within vector of
-- size 1"), which invalidates the database until a restart
totals as (
    select sum(ms) as all_ms, count(*) as total from ranked
),

shared as (
    select ranked.*, ranked.ms / nullif(totals.all_ms, 0) as share, totals.total,
    from ranked
    cross join totals
),

named as (
    select
        shared.*,
        coalesce(artist.artist_name, track.track_name, album.album_name) as name,
        coalesce(track.artist_key, album.artist_key) as artist_key,
    from shared
    left join dim_artist as artist on $kind = 'artists' and artist.artist_key = shared.key
    left join dim_track as track on $kind = 'tracks' and track.track_key = shared.key
    left join dim_album as album on $kind = 'albums' and album.album_key = shared.key
)

select
    named.key,
    named.name,
    credited.artist_name,
    named.artist_key,
    named.plays,
    named.ms / 60000 as minutes,
    coalesce(named.share, 0) as share,
    named.total,
from named
left join dim_artist as credited on credited.artist_key = named.artist_key
order by case when $by = 'plays' then named.plays else named.ms end desc, named.ms desc, named.name
limit $limit offset $offset
