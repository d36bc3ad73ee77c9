-- Podcast shows or audiobooks ($content_type 'episode' or 'audiobook') in a period, most listened first:
-- episodes or chapters played, minutes, last played. Music never appears here.
select
    coalesce(dim_episode.show_name, '(unknown)') as "show",
    count(distinct fct_play.episode_key) as episodes,
    sum(fct_play.ms_played)::double / 60000 as minutes,
    max(fct_play.played_at) as last_played,
from fct_play
join dim_episode using (episode_key)
where fct_play.content_type = $content_type and fct_play.date_key between $from_key and $to_key
    and not fct_play.is_excluded
group by all
order by minutes desc, "show"
limit $limit
