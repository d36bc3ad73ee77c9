-- Reads every Extended Streaming History file of one import. $files: DuckDB paths; import_file maps each path to
-- the name shown in reports. Every key is optional. Numbers and booleans are read as JSON values, so
-- import_exports.ts can refuse a wrong type ("yes" for a boolean, 1.5 for milliseconds) by file and row instead of
-- letting a cast guess; the rows to land cast them (pending_rows.sql). It runs with preserve_insertion_order on, so
-- the temp table's rowid follows the files' row order (a parallel load; `with ordinality` forced one thread and
-- took 2x as long). A row's hash covers every key read, in the order below.
create or replace table import_scratch.import_extended as
with

loaded as (
    select * exclude (kind)
    from read_import_json($files, {
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
    })
)

select
    source_file,
    md5_number(json_array(*columns(* exclude (source_file)))::varchar) as row_hash,
    * exclude (source_file),
from loaded
