-- Every listener's years with at least $1 counted music plays, oldest first, as six features: the share of
-- minutes at night (22-06) and in the morning (06-12), different artists per 100 plays, the share of plays by
-- artists new that year, plays per different track, and the share of plays skipped (where the export says).
with

music as (
    select fct_play.*, dim_time.hour, dim_user.user_name, fct_play.date_key // 10000 as year
    from fct_play
    join dim_time using (time_key)
    join dim_user using (user_key)
    where fct_play.content_type = 'track'
),

firsts as (
    select user_name, artist_key, min(year) as first_year from music
    where is_counted and artist_key is not null
    group by all
),

years as (
    select
        music.user_name,
        music.year,
        count(*) filter (where is_counted) as plays,
        sum(ms_played) filter (where hour >= 22 or hour < 6) / sum(ms_played) as night,
        sum(ms_played) filter (where hour >= 6 and hour < 12) / sum(ms_played) as morning,
        100.0 * count(distinct music.artist_key) filter (where is_counted)
            / count(*) filter (where is_counted) as diversity,
        count(*) filter (where is_counted and firsts.first_year = music.year)
            / count(*) filter (where is_counted) as discovery,
        count(*) filter (where is_counted) / count(distinct track_key) filter (where is_counted) as replay,
        avg(skipped::integer) as skips,
    from music
    left join firsts using (user_name, artist_key)
    group by all
)

select * from years where plays >= $1 order by user_name, year
