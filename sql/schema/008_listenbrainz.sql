-- ListenBrainz listens as exported (JSON array or JSON lines of {listened_at, track_metadata: {artist_name,
-- track_name, release_name, additional_info: {duration_ms, …}}}), plus where they came from. Like a scrobble, a
-- listen says when a track started.
create table if not exists raw_listenbrainz_listen (
    import_id bigint not null,
    user_name varchar not null,
    source_file varchar not null,
    row_number bigint not null,
    row_hash uhugeint not null,
    listened_at json,
    track_metadata json
);
