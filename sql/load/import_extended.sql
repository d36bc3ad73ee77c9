-- Reads every Extended Streaming History file of one import. $files: DuckDB paths (plain JSON or re-wrapped .gz);
-- import_file maps each path to the name shown in reports. Every key is optional. Numbers and booleans are read
-- as JSON values, so import_exports.ts can refuse a wrong type ("yes" for a boolean, 1.5 for milliseconds) by
-- file and row instead of letting a cast guess; the rows to land cast them (pending_extended.sql). It runs with preserve_insertion_order on, so the temp table's
-- rowid follows the files' row order (a parallel load; `with ordinality` forced one thread and took 2x as long).
create or replace temp table import_extended as
with

loaded as (
    select *
    from read_json(
        $files,
        format = 'array',
        filename = true,
        compression = 'auto_detect',
        columns = {
            ts: 'varchar',
            username: 'varchar',
            platform: 'varchar',
            ms_played: 'json',
            conn_country: 'varchar',
            ip_addr: 'varchar',
            ip_addr_decrypted: 'varchar',
            user_agent_decrypted: 'varchar',
            master_metadata_track_name: 'varchar',
            master_metadata_album_artist_name: 'varchar',
            master_metadata_album_album_name: 'varchar',
            spotify_track_uri: 'varchar',
            episode_name: 'varchar',
            episode_show_name: 'varchar',
            spotify_episode_uri: 'varchar',
            audiobook_title: 'varchar',
            audiobook_uri: 'varchar',
            audiobook_chapter_uri: 'varchar',
            audiobook_chapter_title: 'varchar',
            reason_start: 'varchar',
            reason_end: 'varchar',
            shuffle: 'json',
            skipped: 'json',
            offline: 'json',
            offline_timestamp: 'json',
            incognito_mode: 'json'
        }
    )
)

select
    import_file.source_file,
    md5_number(json_array(
        ts, username, platform, ms_played, conn_country, ip_addr, ip_addr_decrypted, user_agent_decrypted,
        master_metadata_track_name, master_metadata_album_artist_name, master_metadata_album_album_name,
        spotify_track_uri, episode_name, episode_show_name, spotify_episode_uri, audiobook_title, audiobook_uri,
        audiobook_chapter_uri, audiobook_chapter_title, reason_start, reason_end, shuffle, skipped, offline,
        offline_timestamp, incognito_mode
    )::varchar) as row_hash,
    loaded.* exclude (filename),
from loaded
join import_file on import_file.duckdb_path = loaded.filename
