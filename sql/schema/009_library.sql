-- Your library as Spotify lists it: liked songs, followed artists and your own playlists, snapshotted daily.
-- Kept as validity ranges, as a dbt snapshot keeps them: a row is valid from the snapshot that first saw it until
-- the first snapshot that no longer did (valid_to null: still there). An unchanged library writes nothing but
-- the snapshot's own row, so years of daily snapshots stay small.

-- Whether a connection's consent covers the library (the scopes in pipeline/spotify/oauth.ts): null while
-- Spotify has not said (it is tried), false once it said no (the user must connect again), true otherwise.
alter table spotify_connection add column if not exists library_consent boolean;

create sequence if not exists library_snapshot_id_seq start 1;

-- One row per snapshot taken: what it found and what it cost.
create table if not exists raw_spotify_library_snapshot (
    snapshot_id bigint primary key,
    user_name varchar not null,
    -- the Spotify account's own id (GET /v1/me): "own playlists" are those it owns
    spotify_user_id varchar not null,
    taken_at timestamptz not null,
    liked_tracks integer not null,
    followed_artists integer not null,
    own_playlists integer not null,
    -- own playlists whose version (Spotify's snapshot_id) had not changed: their items were not asked for again
    playlists_unchanged integer not null,
    -- playlist entries that are neither catalogue nor local tracks (episodes, unavailable tracks): not kept
    entries_skipped integer not null,
    requests integer not null
);

create table if not exists snapshot_spotify_library_item (
    user_name varchar not null,
    -- liked | followed | playlist
    list varchar not null,
    -- the playlist's Spotify id; '' for liked songs and followed artists
    playlist_id varchar not null,
    -- spotify:track:<id>, spotify:local:<artist>:<album>:<track>:<seconds> or spotify:artist:<id>
    item_uri varchar not null,
    -- when it was saved or added (Spotify's added_at; null for followed artists and some old playlists)
    added_at timestamptz,
    -- names as Spotify gave them that day: the track (or the artist, for followed), its first artist, its album
    item_name varchar,
    artist_name varchar,
    album_name varchar,
    valid_from timestamptz not null,
    valid_to timestamptz
);

create table if not exists snapshot_spotify_playlist (
    user_name varchar not null,
    playlist_id varchar not null,
    name varchar,
    -- Spotify's snapshot_id: a new one whenever the playlist changes
    version varchar not null,
    entries integer not null,
    valid_from timestamptz not null,
    valid_to timestamptz
);
