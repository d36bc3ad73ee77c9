-- Every staged row with the columns the marts need, why it was rejected (if it was), and whether it is a play:
-- the one wide copy of the plays a build keeps (the staging models are views, computed here once). Valid rows
-- start as plays; int_play_rows__set_aside.sql then marks the few that are not plays of their own. Marts read
-- `where is_play`; the import report reads every row. Sources: extended history, account data,
-- recently-played (int_api_play_rows), Last.fm scrobbles and ListenBrainz listens.
with

extended as (
    select * from stg_spotify__extended_plays
),

account as (
    select * from stg_spotify__account_plays
),

-- Scrobbling services: the same shape, told apart by their source. A scrobble ends ms_played after it started;
-- its track is identified by names, as in Account data, so a track has one identity across both.
scrobbled as (
    select 'lastfm' as source, * from stg_lastfm__scrobbles
    union all by name
    select 'listenbrainz' as source, * from stg_listenbrainz__listens
),

scrobbles as (
    select
        *,
        started_at + to_milliseconds(ms_played) as played_at,
        'name:' || coalesce(artist_cmp, '') || chr(31) || coalesce(track_cmp, '') as content_key,
        case
            when started_at is null then 'no timestamp'
            when artist_cmp is null and track_cmp is null then 'no content'
            when artist_cmp = 'unknown artist' and track_cmp = 'unknown track' then 'unknown artist and track'
        end as reject_reason,
    from scrobbled
),

extended_plays as (
    select
        surrogate_key(
            'play:' || user_name || chr(31) || 'extended' || chr(31) || content_key || chr(31) || epoch_ms(played_at)
        ) as play_key,
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
        null::bigint as ingest_id,
        source_file,
        row_number,
        row_hash,
        reject_reason,
        reject_reason is null as is_play,
        false as ms_is_estimated,
    from extended
),

account_plays as (
    select
        surrogate_key(
            'play:' || user_name || chr(31) || 'account' || chr(31) || content_type || chr(31) || content_key
            || chr(31) || epoch_ms(played_at) || chr(31) || ms_played
        ) as play_key,
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
        null::bigint as ingest_id,
        source_file,
        row_number,
        row_hash,
        reject_reason,
        reject_reason is null as is_play,
        false as ms_is_estimated,
    from account
),

scrobble_plays as (
    select
        surrogate_key(
            'play:' || user_name || chr(31) || source || chr(31) || content_key || chr(31)
            || coalesce(epoch_ms(played_at), 0)
        ) as play_key,
        user_name,
        source,
        'track' as content_type,
        content_key,
        played_at,
        ms_played,
        null::varchar as track_uri,
        track_name,
        artist_name,
        album_name,
        track_cmp,
        artist_cmp,
        album_cmp,
        null::varchar as episode_uri,
        null::varchar as episode_name,
        null::varchar as show_name,
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
        null::bigint as ingest_id,
        source_file,
        row_number,
        row_hash,
        reject_reason,
        reject_reason is null as is_play,
        true as ms_is_estimated,
    from scrobbles
)

select * from extended_plays
union all
select * from account_plays
union all
select * from int_api_play_rows
union all
select * from scrobble_plays
