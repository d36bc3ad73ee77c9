-- Each listener's years of music described by six explainable features (the Personality page): counted plays,
-- the share of minutes at night (22-06) and in the morning (06-12), different artists per 100 plays, the share of
-- plays by artists first played that year, plays per different track, and the share of plays skipped (where the
-- export says). Kept current from the earliest year new plays touch (a new artist changes the year it first came).
with

music as (
    select fct_play.*, fct_play.time_key // 60 as hour, fct_play.date_key // 10000 as year
    from fct_play
    where fct_play.content_type = 'track' and not fct_play.is_excluded
),

-- each artist's first year with a counted play, from agg_item (made before this model, and kept current before it
-- by an append), so an append makes again only the years from its earliest play's on, from those years' plays
firsts as (
    select user_key, item_key as artist_key, first_counted_date_key // 10000 as first_year
    from agg_item
    where kind = 'artist' and first_counted_date_key is not null
)

select
    music.user_key,
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
left join firsts using (user_key, artist_key)
group by all
