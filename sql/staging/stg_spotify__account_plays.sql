-- One row per Account data row: renamed, cast and normalised. endTime is UTC with minute precision.
-- Music rows (including every row of the old mixed StreamingHistoryN.json) are tracks identified by names;
-- podcast and audiobook files give episodes and audiobook chapters, identified by names too.
with

source as (
    select * from raw_spotify_account
),

names as not materialized (
    select * from stg_spotify__names
),

renamed as (
    select
        user_name,
        import_id,
        source_file,
        row_number,
        row_hash,
        kind,
        cast(strptime(end_time, '%Y-%m-%d %H:%M') as timestamp) at time zone 'UTC' as played_at,
        ms_played,
        artist.clean as artist_name,
        track.clean as track_name,
        -- Podcast and audiobook rows are few: normalised in place.
        clean_name(coalesce(podcast_name, audiobook_name)) as show_name,
        clean_name(coalesce(episode_name, chapter_name)) as episode_name,
        clean_name(author_name) as author_name,
        artist.compared as artist_cmp,
        track.compared as track_cmp,
        compared_name(coalesce(podcast_name, audiobook_name)) as show_cmp,
        compared_name(coalesce(episode_name, chapter_name)) as episode_cmp,
        case kind when 'music' then 'track' when 'podcast' then 'episode' else 'audiobook' end as content_type,
    from source
    left join names as artist on artist.name = source.artist_name
    left join names as track on track.name = source.track_name
)

select
    *,
    case
        when content_type = 'track' then 'name:' || coalesce(artist_cmp, '') || chr(31) || coalesce(track_cmp, '')
        else 'name:' || coalesce(show_cmp, '') || chr(31) || coalesce(episode_cmp, '')
    end as content_key,
    case
        when played_at is null then 'no timestamp'
        when ms_played is null then 'no ms_played'
        when ms_played < 0 then 'negative ms_played'
        when content_type = 'track' and artist_cmp is null and track_cmp is null then 'no content'
        when content_type = 'track' and artist_cmp = 'unknown artist' and track_cmp = 'unknown track' then 'unknown artist and track'
        when content_type <> 'track' and show_cmp is null and episode_cmp is null then 'no content'
    end as reject_reason,
from renamed
