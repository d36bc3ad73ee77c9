-- Last.fm scrobbles as exported (the common CSV export: uts,utc_time,artist,artist_mbid,album,album_mbid,track,
-- track_mbid), every value as text, plus where they came from. A scrobble says when a track started, not how long
-- it played.
create table if not exists raw_lastfm_scrobble (
    import_id bigint not null,
    user_name varchar not null,
    source_file varchar not null,
    row_number bigint not null,
    row_hash uhugeint not null,
    uts varchar,
    utc_time varchar,
    artist varchar,
    artist_mbid varchar,
    album varchar,
    album_mbid varchar,
    track varchar,
    track_mbid varchar
);
