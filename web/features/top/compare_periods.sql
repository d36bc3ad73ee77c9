-- A period's Top ($kind, $from_key .. $to_key) against the period just before it ($previous_from_key ..
-- $previous_to_key). A period's ranking is Top's ($by: counted plays or minutes; ties by minutes, then name)
-- without the items that have none of what is ranked (only skips, ranked by plays): their rank is Top's rank.
-- Four lists of the items in either period's top $top:
--   new     in this period's top $top, not in the previous period's ranking;
--   gone    in the previous period's top $top, not in this period's ranking;
--   riser   in both rankings, and the measure ranked by ($by) went up: most gained first;
--   faller  in both rankings, and the measure went down: most lost first.
-- Ties: this period's rank (gone: the previous one's). $per_list rows of each list, each with how many the list
-- has and how many items each period ranked; one row with no item when no list has any. Excluded plays are left
-- out. The periods' plays are summed per key first; names are joined to the ranked keys, artists to shown rows.
with

plays as (
    select
        case $kind when 'artists' then artist_key when 'tracks' then track_key else album_key end as key,
        date_key between $from_key and $to_key as is_now,
        is_counted,
        ms_played,
    from fct_play
    where (date_key between $from_key and $to_key or date_key between $previous_from_key and $previous_to_key)
        and not is_excluded
),

sums as (
    select key, is_now, count(*) filter (where is_counted) as plays, sum(ms_played)::double as ms,
    from plays
    where key is not null
    group by key, is_now
    having case when $by = 'plays' then count(*) filter (where is_counted) > 0 else sum(ms_played) > 0 end
),

named as (
    select
        sums.*,
        coalesce(artist.artist_name, track.track_name, album.album_name) as name,
        coalesce(track.artist_key, album.artist_key) as artist_key,
    from sums
    left join dim_artist as artist on $kind = 'artists' and artist.artist_key = sums.key
    left join dim_track as track on $kind = 'tracks' and track.track_key = sums.key
    left join dim_album as album on $kind = 'albums' and album.album_key = sums.key
),

ranked as (
    select
        *,
        row_number() over (
            partition by is_now
            order by case when $by = 'plays' then plays else ms end desc, ms desc, name, key
        ) as rank,
    from named
),

paired as (
    select
        coalesce(now.key, before.key) as key,
        coalesce(now.name, before.name) as name,
        coalesce(now.artist_key, before.artist_key) as artist_key,
        now.rank,
        now.plays,
        now.ms,
        before.rank as previous_rank,
        before.plays as previous_plays,
        before.ms as previous_ms,
        case when $by = 'plays' then coalesce(now.plays, 0) - coalesce(before.plays, 0)
            else (coalesce(now.ms, 0) - coalesce(before.ms, 0)) / 60000 end as change,
    from (select * from ranked where is_now) as now
    full join (select * from ranked where not is_now) as before on before.key = now.key
    where now.rank <= $top or before.rank <= $top
),

listed as (
    select
        *,
        case
            when previous_rank is null then 'new'
            when rank is null then 'gone'
            when change > 0 then 'riser'
            when change < 0 then 'faller'
        end as list,
    from paired
),

positioned as (
    select
        *,
        row_number() over (
            partition by list
            order by case list when 'riser' then -change when 'faller' then change else 0 end,
                coalesce(rank, previous_rank), key
        ) as position,
        count(*) over (partition by list) as list_size,
    from listed
    where list is not null
),

totals as (
    select count(*) filter (where is_now) as items, count(*) filter (where not is_now) as previous_items,
    from sums
)

select
    totals.items,
    totals.previous_items,
    shown.list,
    shown.list_size,
    shown.key,
    shown.name,
    credited.artist_name,
    shown.artist_key,
    shown.rank,
    shown.plays,
    shown.ms / 60000 as minutes,
    shown.previous_rank,
    shown.previous_plays,
    shown.previous_ms / 60000 as previous_minutes,
    shown.change,
from totals
left join (select * from positioned where position <= $per_list) as shown on true
left join dim_artist as credited on credited.artist_key = shown.artist_key
order by shown.list, shown.position
