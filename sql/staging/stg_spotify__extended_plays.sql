-- One row per Extended Streaming History row: renamed, cast and normalised, with what the row is about (its
-- content) and, when it cannot be a play, why.
with

source as (
    select * from raw_spotify_extended
),

-- Not materialized: each join reads the lookup table itself (a materialised copy cost memory, not time).
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
        cast(ts as timestamptz) as played_at,
        ms_played,
        nullif(trim(spotify_track_uri), '') as track_uri,
        nullif(trim(spotify_episode_uri), '') as episode_uri,
        nullif(trim(audiobook_chapter_uri), '') as audiobook_chapter_uri,
        track.clean as track_name,
        artist.clean as artist_name,
        album.clean as album_name,
        -- Null in almost every row: normalised in place (each join holds a hash table in memory).
        clean_name(episode_name) as episode_name,
        clean_name(episode_show_name) as show_name,
        clean_name(audiobook_title) as audiobook_title,
        clean_name(audiobook_chapter_title) as audiobook_chapter_title,
        track.compared as track_cmp,
        artist.compared as artist_cmp,
        album.compared as album_cmp,
        nullif(trim(audiobook_uri), '') as audiobook_uri,
        platform,
        conn_country,
        reason_start,
        reason_end,
        shuffle,
        skipped,
        offline,
        -- offline_timestamp is seconds in newer files and milliseconds in endsong files; 0 means none.
        case
            when offline_timestamp is null or offline_timestamp <= 0 then null
            when offline_timestamp >= 100000000000 then to_timestamp(offline_timestamp / 1000)
            else to_timestamp(offline_timestamp)
        end as offline_at,
        incognito_mode as incognito,
    from source
    left join names as track on track.name = source.master_metadata_track_name
    left join names as artist on artist.name = source.master_metadata_album_artist_name
    left join names as album on album.name = source.master_metadata_album_album_name
),

classified as (
    select
        *,
        case
            when track_uri is not null then 'track'
            when episode_uri is not null then 'episode'
            when audiobook_chapter_uri is not null then 'audiobook'
            when track_cmp is not null and artist_cmp is not null then 'track'
        end as content_type,
        case
            when track_uri is not null then 'uri:' || track_uri
            when episode_uri is not null then 'uri:' || episode_uri
            when audiobook_chapter_uri is not null then 'uri:' || audiobook_chapter_uri
            when track_cmp is not null and artist_cmp is not null then 'name:' || artist_cmp || chr(31) || track_cmp
        end as content_key,
    from renamed
)

select
    *,
    case
        when played_at is null then 'no timestamp'
        when ms_played is null then 'no ms_played'
        when ms_played < 0 then 'negative ms_played'
        when content_type is null then 'no content'
    end as reject_reason,
from classified
