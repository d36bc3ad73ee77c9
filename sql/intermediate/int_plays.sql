-- Every play once. Rules (pinned by tests in warehouse/build_test.ts):
-- * Extended rows with the same user, timestamp and content are one play; the row with the largest ms_played wins.
-- * Account rows identical in (endTime, names, msPlayed) are one play.
-- * An account music row whose names equal an extended track play that ended in the same minute (±1 minute) is
--   that play and adds nothing: extended data has URIs and seconds. Each account row is judged on its own.
with

extended as not materialized (
    select * from stg_spotify__extended_plays where reject_reason is null
),

account as not materialized (
    select * from stg_spotify__account_plays where reject_reason is null
),

-- The winning row of each play (an aggregate: a window over 350k rows is 4x slower).
extended_winners as (
    select
        user_name,
        arg_min(row_hash, (-ms_played, import_id, source_file, row_number)) as row_hash,
    from extended
    group by user_name, content_key, played_at
),

extended_plays as (
    select
        user_name,
        'extended' as source,
        content_type,
        content_key,
        played_at,
        ms_played,
        track_uri,
        track_name,
        artist_name,
        album_name,
        track_cmp,
        artist_cmp,
        album_cmp,
        case when content_type = 'audiobook' then audiobook_chapter_uri else episode_uri end as episode_uri,
        case when content_type = 'audiobook' then audiobook_chapter_title else episode_name end as episode_name,
        case when content_type = 'audiobook' then audiobook_title else show_name end as show_name,
        platform,
        conn_country,
        reason_start,
        reason_end,
        shuffle,
        skipped,
        offline,
        offline_at,
        incognito,
        import_id,
        source_file,
        row_number,
        row_hash,
    from extended
    semi join extended_winners using (user_name, row_hash)
),

extended_track_minutes as (
    select distinct
        user_name,
        artist_cmp,
        track_cmp,
        date_trunc('minute', played_at) as played_minute,
    from extended
    where content_type = 'track' and artist_cmp is not null and track_cmp is not null
),

account_winners as (
    select
        user_name,
        arg_min(row_hash, (import_id, source_file, row_number)) as row_hash,
    from account
    group by user_name, content_type, content_key, played_at, ms_played
),

account_plays as (
    select
        user_name,
        'account' as source,
        content_type,
        content_key,
        played_at,
        ms_played,
        null::varchar as track_uri,
        track_name,
        artist_name,
        null::varchar as album_name,
        track_cmp,
        artist_cmp,
        null::varchar as album_cmp,
        null::varchar as episode_uri,
        episode_name,
        show_name,
        null::varchar as platform,
        null::varchar as conn_country,
        null::varchar as reason_start,
        null::varchar as reason_end,
        null::boolean as shuffle,
        null::boolean as skipped,
        null::boolean as offline,
        null::timestamptz as offline_at,
        null::boolean as incognito,
        import_id,
        source_file,
        row_number,
        row_hash,
    from account as account_row
    semi join account_winners using (user_name, row_hash)
    where not (
            content_type = 'track'
            and exists (
                select 1
                from extended_track_minutes as extended_track
                where extended_track.user_name = account_row.user_name
                    and extended_track.artist_cmp = account_row.artist_cmp
                    and extended_track.track_cmp = account_row.track_cmp
                    and extended_track.played_minute between account_row.played_at - interval 1 minute
                    and account_row.played_at + interval 1 minute
            )
        )
),

plays as (
    select * from extended_plays
    union all
    select * from account_plays
)

select
    surrogate_key(
        'play:' || user_name || chr(31) || source || chr(31) || content_key || chr(31) || epoch_ms(played_at)
        || case when source = 'account' then chr(31) || ms_played else '' end
    ) as play_key,
    *,
from plays
