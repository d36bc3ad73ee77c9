-- Music summed per listener, local day and label: the platform family (the platform_family macro, worked out
-- once per distinct platform), and why plays started and ended (Spotify's reason_start and reason_end, 'unknown'
-- when not said): the Behaviour page's tables. Kept current like agg_play_hour.
with

music as (
    select user_key, date_key, platform, reason_start, reason_end, is_counted, ms_played
    from fct_play
    where content_type = 'track' and not is_excluded
),

platforms as (
    select platform, platform_family(platform) as family from (select distinct platform from music)
),

labelled as (
    select user_key, date_key, 'platform' as label_kind, platforms.family as label, is_counted, ms_played
    from music
    left join platforms on platforms.platform is not distinct from music.platform
    union all
    select user_key, date_key, 'reason start', coalesce(nullif(reason_start, ''), 'unknown'), is_counted, ms_played
    from music
    union all
    select user_key, date_key, 'reason end', coalesce(nullif(reason_end, ''), 'unknown'), is_counted, ms_played
    from music
)

select
    user_key,
    date_key,
    label_kind,
    label,
    count(*) filter (where is_counted) as counted_plays,
    sum(ms_played)::bigint as ms_played,
from labelled
group by all
