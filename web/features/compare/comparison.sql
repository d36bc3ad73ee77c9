-- Two listeners ($a, $b) in a period, music only: how many artists each played and share, the pieces of their
-- taste similarity (cosine of minutes per artist) and who found how many shared artists first; then the shared
-- artists by the smaller of their two listening times ($limit of them). One row per shared artist listed, each
-- carrying the totals; one row with no artist when they share none.
with

per_user as (
    select
        dim_user.user_name,
        fct_play.artist_key,
        sum(fct_play.ms_played)::double as ms,
        min(fct_play.date_key) filter (where fct_play.is_counted) as first_key,
    from fct_play
    join dim_user using (user_key)
    where fct_play.content_type = 'track' and fct_play.artist_key is not null
        and fct_play.date_key between $from_key and $to_key and dim_user.user_name in ($a, $b)
        and not fct_play.is_excluded
    group by all
),

pairs as (
    select
        artist_key,
        coalesce(max(ms) filter (where user_name = $a), 0) as ms_a,
        coalesce(max(ms) filter (where user_name = $b), 0) as ms_b,
        min(first_key) filter (where user_name = $a) as first_a,
        min(first_key) filter (where user_name = $b) as first_b,
    from per_user
    group by artist_key
),

totals as (
    select
        count(*) filter (where ms_a > 0) as artists_a,
        count(*) filter (where ms_b > 0) as artists_b,
        count(*) filter (where ms_a > 0 and ms_b > 0) as shared,
        coalesce(sum(ms_a * ms_b), 0) as dot,
        coalesce(sqrt(sum(ms_a * ms_a)), 0) as norm_a,
        coalesce(sqrt(sum(ms_b * ms_b)), 0) as norm_b,
        -- only skips (no counted play) count as never: the other found the artist first
        count(*) filter (where ms_a > 0 and ms_b > 0 and coalesce(first_a, 99999999) < coalesce(first_b, 99999999))
            as found_first_a,
        count(*) filter (where ms_a > 0 and ms_b > 0 and coalesce(first_b, 99999999) < coalesce(first_a, 99999999))
            as found_first_b,
    from pairs
),

top as (
    select dim_artist.artist_key, dim_artist.artist_name, ms_a, ms_b, first_a, first_b
    from pairs
    join dim_artist using (artist_key)
    where ms_a > 0 and ms_b > 0
    order by least(ms_a, ms_b) desc, artist_name
    limit $limit
)

select
    totals.*,
    top.artist_key as key,
    top.artist_name as name,
    top.ms_a / 60000 as minutes_a,
    top.ms_b / 60000 as minutes_b,
    top.first_a,
    top.first_b,
from totals
left join top on true
order by least(top.ms_a, top.ms_b) desc, top.artist_name
