-- Year medals of artists, tracks or albums ($kind): in every finished year (before $before_year, local dates)
-- the ones ranked 1, 2 and 3 by the charts' ranking (counted plays, ties by minutes; equal on both share a rank
-- and the next skips, so a tie for gold leaves no silver). Newest year first. Music only; excluded plays left out.
-- Only each year's podium is ranked: the ones scoring at least its third best (a window over every item is slow).
with

grouped as (
    -- the ranking as one number that sorts as it does: plays × 10^12 + ms (a year holds far fewer ms)
    select
        date_key // 10000 as year,
        case $kind when 'artists' then artist_key when 'tracks' then track_key else album_key end as key,
        count(*) filter (where is_counted) * 1000000000000 + sum(ms_played)::bigint as score,
    from fct_play
    where not is_excluded and content_type = 'track' and date_key < $before_year * 10000
    group by 1, 2
    having count(*) filter (where is_counted) > 0 and key is not null
),

thresholds as (
    select year, list_min(max(score, 3)) as third from grouped group by year
),

ranked as (
    select
        grouped.year,
        grouped.key,
        grouped.score // 1000000000000 as plays,
        rank() over (partition by grouped.year order by grouped.score desc) as rank,
    from grouped
    join thresholds on thresholds.year = grouped.year and grouped.score >= thresholds.third
)

select
    ranked.*,
    coalesce(artist.artist_name, track.track_name, album.album_name) as name,
    coalesce(track.artist_key, album.artist_key) as artist_key,
    credited.artist_name,
from ranked
left join dim_artist as artist on $kind = 'artists' and artist.artist_key = ranked.key
left join dim_track as track on $kind = 'tracks' and track.track_key = ranked.key
left join dim_album as album on $kind = 'albums' and album.album_key = ranked.key
left join dim_artist as credited on credited.artist_key = coalesce(track.artist_key, album.artist_key)
order by ranked.year desc, ranked.rank, name, ranked.key
