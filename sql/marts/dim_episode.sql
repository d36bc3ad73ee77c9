-- Podcast episodes and audiobook chapters (content_type tells which): by URI when known, otherwise by
-- (show, episode) compared names. For audiobooks, show_name is the book and episode_name the chapter.
with

plays as (
    select content_type, content_key, episode_uri, episode_name, show_name
    from int_play_rows
    where is_play and content_type in ('episode', 'audiobook')
),

spellings as (
    select content_type, content_key, episode_uri, episode_name, show_name, count(*) as spelling_plays
    from plays
    group by all
)

select
    surrogate_key(content_type || ':' || content_key) as episode_key,
    content_type,
    any_value(episode_uri) as episode_uri,
    first(episode_name order by (episode_name is null), spelling_plays desc, episode_name) as episode_name,
    first(show_name order by (show_name is null), spelling_plays desc, show_name) as show_name,
from spellings
group by content_type, content_key
