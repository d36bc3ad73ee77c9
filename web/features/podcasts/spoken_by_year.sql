-- Minutes of podcasts, audiobooks and (for comparison) music per local year in a period.
select
    date_key // 10000 as year,
    coalesce(sum(ms_played) filter (where content_type = 'episode'), 0)::double / 60000 as podcast_minutes,
    coalesce(sum(ms_played) filter (where content_type = 'audiobook'), 0)::double / 60000 as audiobook_minutes,
    coalesce(sum(ms_played) filter (where content_type = 'track'), 0)::double / 60000 as music_minutes,
from agg_play_hour
where date_key between $1 and $2
group by all
order by year desc
