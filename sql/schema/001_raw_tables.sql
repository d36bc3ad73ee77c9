-- Raw landing: source rows exactly as read, plus where they came from. The marts are rebuilt from these alone.

create sequence if not exists raw_import_id_seq start 1;

create table if not exists raw_import (
    import_id bigint primary key,
    user_name varchar not null,
    started_at timestamptz not null,
    finished_at timestamptz,
    sources varchar[] not null,
    report json
);

-- Spotify Extended Streaming History (Streaming_History_Audio/Video_*.json and older endsong_*.json).
create table if not exists raw_spotify_extended (
    import_id bigint not null,
    user_name varchar not null,
    source_file varchar not null,
    row_number bigint not null,
    row_hash uhugeint not null,
    ts varchar,
    username varchar,
    platform varchar,
    ms_played bigint,
    conn_country varchar,
    ip_addr varchar,
    ip_addr_decrypted varchar,
    user_agent_decrypted varchar,
    master_metadata_track_name varchar,
    master_metadata_album_artist_name varchar,
    master_metadata_album_album_name varchar,
    spotify_track_uri varchar,
    episode_name varchar,
    episode_show_name varchar,
    spotify_episode_uri varchar,
    audiobook_title varchar,
    audiobook_uri varchar,
    audiobook_chapter_uri varchar,
    audiobook_chapter_title varchar,
    reason_start varchar,
    reason_end varchar,
    shuffle boolean,
    skipped boolean,
    offline boolean,
    offline_timestamp bigint,
    incognito_mode boolean
);

-- Spotify Account data (StreamingHistoryN.json, StreamingHistory_music|podcast|audiobook_N.json).
-- `kind` is what the file's content says: music, podcast or audiobook.
create table if not exists raw_spotify_account (
    import_id bigint not null,
    user_name varchar not null,
    source_file varchar not null,
    row_number bigint not null,
    row_hash uhugeint not null,
    kind varchar not null,
    end_time varchar,
    artist_name varchar,
    track_name varchar,
    podcast_name varchar,
    episode_name varchar,
    audiobook_name varchar,
    chapter_name varchar,
    author_name varchar,
    ms_played bigint
);

-- Which settings the marts were last built with (a change of TIMEZONE needs a rebuild).
create table if not exists warehouse_state (
    key varchar primary key,
    value varchar not null
);
