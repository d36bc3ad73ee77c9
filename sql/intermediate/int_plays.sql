-- Every play once: the valid staged rows that int_play_losers sets aside are not plays. The one wide copy of
-- the plays the build keeps (the staging models are views): every mart reads its columns from here.
with

losers as (
    select * from int_play_losers
),

extended_plays as (
    select
        surrogate_key(
            'play:' || stg.user_name || chr(31) || 'extended' || chr(31) || stg.content_key || chr(31)
            || epoch_ms(stg.played_at)
        ) as play_key,
        stg.user_name,
        'extended' as source,
        stg.content_type,
        stg.content_key,
        stg.played_at,
        stg.ms_played,
        stg.track_uri,
        stg.track_name,
        stg.artist_name,
        stg.album_name,
        stg.track_cmp,
        stg.artist_cmp,
        stg.album_cmp,
        case when stg.content_type = 'audiobook' then stg.audiobook_chapter_uri else stg.episode_uri end as episode_uri,
        case when stg.content_type = 'audiobook' then stg.audiobook_chapter_title else stg.episode_name end
            as episode_name,
        case when stg.content_type = 'audiobook' then stg.audiobook_title else stg.show_name end as show_name,
        stg.platform,
        stg.conn_country,
        stg.reason_start,
        stg.reason_end,
        stg.shuffle,
        stg.skipped,
        stg.offline,
        stg.offline_at,
        stg.incognito,
        stg.import_id,
        stg.row_hash,
    from stg_spotify__extended_plays as stg
    anti join (select user_name, row_hash from losers where source = 'extended') as loser
        on loser.user_name = stg.user_name and loser.row_hash = stg.row_hash
    where stg.reject_reason is null
),

account_plays as (
    select
        surrogate_key(
            'play:' || stg.user_name || chr(31) || 'account' || chr(31) || stg.content_type || chr(31)
            || stg.content_key || chr(31) || epoch_ms(stg.played_at) || chr(31) || stg.ms_played
        ) as play_key,
        stg.user_name,
        'account' as source,
        stg.content_type,
        stg.content_key,
        stg.played_at,
        stg.ms_played,
        null::varchar as track_uri,
        stg.track_name,
        stg.artist_name,
        null::varchar as album_name,
        stg.track_cmp,
        stg.artist_cmp,
        null::varchar as album_cmp,
        null::varchar as episode_uri,
        stg.episode_name,
        stg.show_name,
        null::varchar as platform,
        null::varchar as conn_country,
        null::varchar as reason_start,
        null::varchar as reason_end,
        null::boolean as shuffle,
        null::boolean as skipped,
        null::boolean as offline,
        null::timestamptz as offline_at,
        null::boolean as incognito,
        stg.import_id,
        stg.row_hash,
    from stg_spotify__account_plays as stg
    anti join (select user_name, row_hash from losers where source = 'account') as loser
        on loser.user_name = stg.user_name and loser.row_hash = stg.row_hash
    where stg.reject_reason is null
)

select * from extended_plays
union all
select * from account_plays
