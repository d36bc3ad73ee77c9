-- Every staged row with the columns the marts need, why it was rejected (if it was), and whether it is a play:
-- the one wide copy of the plays a build keeps (the staging models are views, computed here once). Valid rows
-- start as plays; patch_int_play_rows__set_aside.sql then marks the few that are not plays of their own. Marts
-- read `where is_play`; the import report reads every row. Sources: extended history, account data,
-- recently-played (int_api_play_rows) and currently-playing (int_realtime_play_rows), Last.fm scrobbles,
-- ListenBrainz listens, and the listens this server received (int_submitted_play_rows). Each lists only the
-- columns it knows, and says what tells one of its plays from another (the play_key macro);
-- int_play_rows__columns gives every column its place and type.
with

columns as (
    select * from int_play_rows__columns
),

extended as (
    select * from stg_spotify__extended_plays
),

account as (
    select * from stg_spotify__account_plays
),

api as (
    select * from int_api_play_rows
),

submitted as (
    select * from int_submitted_play_rows
),

realtime as (
    select * from int_realtime_play_rows
),

-- Scrobbling services: the same shape, told apart by their source. A scrobble ends ms_played after it started;
-- its track is identified by names, as in Account data, so a track has one identity across both.
scrobbled as (
    select 'lastfm' as source, * from stg_lastfm__scrobbles
    union all by name
    select 'listenbrainz' as source, * from stg_listenbrainz__listens
),

-- A scrobble is a track, identified by names, unless a ListenBrainz file says it is an episode or audiobook
-- chapter (this program's export does): then its Spotify URI, else (show, episode) names, as in Account data.
scrobbles as (
    select
        * replace (coalesce(content_type, 'track') as content_type),
        started_at + to_milliseconds(ms_played) as played_at,
        case
            when content_type is not null and content_uri is not null then 'uri:' || content_uri
            else 'name:' || coalesce(artist_cmp, '') || chr(31) || coalesce(track_cmp, '')
        end as content_key,
        case
            when started_at is null then 'no timestamp'
            when artist_cmp is null and track_cmp is null then 'no content'
            when artist_cmp = 'unknown artist' and track_cmp = 'unknown track' then 'unknown artist and track'
        end as reject_reason,
    from scrobbled
),

-- Audiobook chapters fill the episode columns: the chapter is the episode, the book its show.
extended_rows as (
    select
        play_key(user_name, 'extended', content_key || chr(31) || epoch_ms(played_at)) as play_key,
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
        reject_reason,
        false as ms_is_estimated,
    from extended
),

-- Account data says only the minute a play ended: its content type and ms_played are in its key too.
account_rows as (
    select
        play_key(
            user_name,
            'account',
            content_type || chr(31) || content_key || chr(31) || epoch_ms(played_at) || chr(31) || ms_played
        ) as play_key,
        user_name,
        'account' as source,
        content_type,
        content_key,
        played_at,
        ms_played,
        track_name,
        artist_name,
        track_cmp,
        artist_cmp,
        episode_name,
        show_name,
        import_id,
        source_file,
        row_number,
        row_hash,
        reject_reason,
        false as ms_is_estimated,
    from account
),

-- A scrobble is told from another by its start (its repeats share it): two with the same end are two plays.
scrobble_rows as (
    select
        play_key(user_name, source, content_key || chr(31) || coalesce(epoch_ms(started_at), 0)) as play_key,
        user_name,
        source,
        content_type,
        content_key,
        played_at,
        ms_played,
        if(content_type = 'track', track_name, null) as track_name,
        if(content_type = 'track', artist_name, null) as artist_name,
        if(content_type = 'track', album_name, null) as album_name,
        if(content_type = 'track', track_cmp, null) as track_cmp,
        if(content_type = 'track', artist_cmp, null) as artist_cmp,
        if(content_type = 'track', album_cmp, null) as album_cmp,
        if(content_type <> 'track', content_uri, null) as episode_uri,
        if(content_type <> 'track', track_name, null) as episode_name,
        if(content_type <> 'track', artist_name, null) as show_name,
        import_id,
        source_file,
        row_number,
        row_hash,
        reject_reason,
        true as ms_is_estimated,
    from scrobbles
),

play_rows as (
    select * from columns
    union all by name
    select * from extended_rows
    union all by name
    select * from account_rows
    union all by name
    select * from api
    union all by name
    select * from scrobble_rows
    union all by name
    select * from submitted
    union all by name
    select * from realtime
)

select
    * replace (reject_reason is null as is_play),
    own_artist_key(content_type, artist_cmp) as own_artist_key,
    own_track_key(content_type, content_key) as own_track_key,
    own_album_key(content_type, artist_cmp, album_cmp) as own_album_key,
from play_rows
