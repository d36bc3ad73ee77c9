-- Every dimension has one row per key, and no null keys.
select 'dim_user' as dimension, user_key as dim_key, count(*) as rows from dim_user group by all having count(*) > 1 or user_key is null
union all
select 'dim_artist', artist_key, count(*) from dim_artist group by all having count(*) > 1 or artist_key is null
union all
select 'dim_album', album_key, count(*) from dim_album group by all having count(*) > 1 or album_key is null
union all
select 'dim_track', track_key, count(*) from dim_track group by all having count(*) > 1 or track_key is null
union all
select 'dim_episode', episode_key, count(*) from dim_episode group by all having count(*) > 1 or episode_key is null
union all
select 'dim_date', date_key, count(*) from dim_date group by all having count(*) > 1 or date_key is null
union all
select 'dim_time', time_key, count(*) from dim_time group by all having count(*) > 1 or time_key is null
